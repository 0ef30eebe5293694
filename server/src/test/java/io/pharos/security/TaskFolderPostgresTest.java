package io.pharos.security;

import io.pharos.support.TestDb;

class TaskFolderPostgresTest extends TaskFolderContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
