package io.pharos.trace;

import io.pharos.support.TestDb;

class FieldListPostgresTest extends FieldListContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
