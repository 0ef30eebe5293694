package io.pharos.launch;

import io.pharos.support.TestDb;

class ComputeEnvViewH2Test extends ComputeEnvViewContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
