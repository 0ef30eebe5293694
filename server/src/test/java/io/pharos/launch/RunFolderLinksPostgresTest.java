package io.pharos.launch;

import io.pharos.support.TestDb;

class RunFolderLinksPostgresTest extends RunFolderLinksContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
