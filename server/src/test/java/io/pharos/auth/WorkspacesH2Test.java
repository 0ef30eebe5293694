package io.pharos.auth;

import io.pharos.support.TestDb;

class WorkspacesH2Test extends WorkspacesContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
