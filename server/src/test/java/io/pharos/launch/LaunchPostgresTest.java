package io.pharos.launch;

import io.pharos.support.TestDb;

class LaunchPostgresTest extends LaunchContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
