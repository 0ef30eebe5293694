package io.pharos.launch;

import io.pharos.support.TestDb;

class LaunchRecordPostgresTest extends LaunchRecordContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
