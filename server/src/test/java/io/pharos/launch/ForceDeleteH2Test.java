package io.pharos.launch;

import io.pharos.support.TestDb;

class ForceDeleteH2Test extends ForceDeleteContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
