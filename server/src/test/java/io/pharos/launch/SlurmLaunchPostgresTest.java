package io.pharos.launch;

import io.pharos.support.TestDb;

class SlurmLaunchPostgresTest extends SlurmLaunchContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
