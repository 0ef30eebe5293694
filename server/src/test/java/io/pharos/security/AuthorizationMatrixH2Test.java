package io.pharos.security;

import io.pharos.support.TestDb;

class AuthorizationMatrixH2Test extends AuthorizationMatrixContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
