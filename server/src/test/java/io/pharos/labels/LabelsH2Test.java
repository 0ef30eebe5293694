package io.pharos.labels;

import io.pharos.support.TestDb;

class LabelsH2Test extends LabelsContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
