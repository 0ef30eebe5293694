package io.pharos.launch;

import io.pharos.support.TestDb;

class LaunchH2Test extends LaunchContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
