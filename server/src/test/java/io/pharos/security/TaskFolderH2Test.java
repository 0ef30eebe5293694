package io.pharos.security;

import io.pharos.support.TestDb;

class TaskFolderH2Test extends TaskFolderContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
