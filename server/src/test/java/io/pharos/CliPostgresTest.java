package io.pharos;

import io.pharos.support.TestDb;

class CliPostgresTest extends CliContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
