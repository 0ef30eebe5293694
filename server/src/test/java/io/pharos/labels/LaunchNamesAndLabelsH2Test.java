package io.pharos.labels;

import io.pharos.support.TestDb;

class LaunchNamesAndLabelsH2Test extends LaunchNamesAndLabelsContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
