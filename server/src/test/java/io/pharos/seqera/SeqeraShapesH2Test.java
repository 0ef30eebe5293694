package io.pharos.seqera;

import io.pharos.support.TestDb;

class SeqeraShapesH2Test extends SeqeraShapesContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
