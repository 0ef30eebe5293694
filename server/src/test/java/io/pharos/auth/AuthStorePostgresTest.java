package io.pharos.auth;

import io.pharos.support.TestDb;

class AuthStorePostgresTest extends AuthStoreContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
