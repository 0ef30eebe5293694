package io.pharos.labels;

import io.pharos.support.TestDb;

class LabelsPostgresTest extends LabelsContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
