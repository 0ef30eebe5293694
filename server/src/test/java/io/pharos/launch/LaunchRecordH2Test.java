package io.pharos.launch;

import io.pharos.support.TestDb;

class LaunchRecordH2Test extends LaunchRecordContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
