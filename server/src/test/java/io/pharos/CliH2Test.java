package io.pharos;

import io.pharos.support.TestDb;

class CliH2Test extends CliContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
