package io.pharos.seqera;

import io.pharos.support.TestDb;

class SeqeraShapesPostgresTest extends SeqeraShapesContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }
}
