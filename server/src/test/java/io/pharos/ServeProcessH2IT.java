package io.pharos;

import io.pharos.support.TestDb;

class ServeProcessH2IT extends ServeProcessContractIT {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
