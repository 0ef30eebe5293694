package io.pharos.launch;

import io.pharos.support.TestDb;

class RunFolderLinksH2Test extends RunFolderLinksContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
