package io.pharos.labels;

import io.pharos.support.TestDb;

class LaunchNamesAndLabelsPostgresTest extends LaunchNamesAndLabelsContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
