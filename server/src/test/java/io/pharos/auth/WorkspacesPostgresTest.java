package io.pharos.auth;

import io.pharos.support.TestDb;

class WorkspacesPostgresTest extends WorkspacesContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
