package io.pharos.launch;

import io.pharos.support.TestDb;

class ComputeEnvViewPostgresTest extends ComputeEnvViewContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
