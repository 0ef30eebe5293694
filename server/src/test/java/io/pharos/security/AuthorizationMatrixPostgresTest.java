package io.pharos.security;

import io.pharos.support.TestDb;

class AuthorizationMatrixPostgresTest extends AuthorizationMatrixContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
