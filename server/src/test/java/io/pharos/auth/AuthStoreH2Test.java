package io.pharos.auth;

import io.pharos.support.TestDb;

class AuthStoreH2Test extends AuthStoreContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
