package io.pharos.launch;

import io.pharos.support.TestDb;

class SlurmLaunchH2Test extends SlurmLaunchContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
