package io.pharos.trace;

import io.pharos.support.TestDb;

class FieldListH2Test extends FieldListContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
