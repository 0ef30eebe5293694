package io.pharos.launch;

import io.pharos.support.TestDb;

class ForceDeletePostgresTest extends ForceDeleteContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
