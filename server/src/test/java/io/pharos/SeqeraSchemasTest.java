package io.pharos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.support.SeqeraSchemas;
import org.junit.jupiter.api.Test;

/** The checker the Seqera-shape tests rely on finds what it must (run against the published spec). */
class SeqeraSchemasTest {
    @Test
    void requiredFieldsTypesAndNullsAreChecked() {
        assertThat(SeqeraSchemas.violations("ErrorResponse", "{\"message\":\"no\"}")).isEmpty();
        assertThat(SeqeraSchemas.violations("ErrorResponse", "{}")).isNotEmpty();
        assertThat(SeqeraSchemas.violations("ErrorResponse", "{\"message\":3}")).isNotEmpty();
        assertThat(SeqeraSchemas.violations("ConfigEnvVariable", "{\"name\":\"A\",\"value\":\"x\",\"head\":true,\"compute\":false}")).isEmpty();
        assertThat(SeqeraSchemas.violations("ConfigEnvVariable", "{\"name\":\"A\",\"head\":\"yes\"}")).isNotEmpty();
    }

    @Test
    void aComputeConfigWithoutItsDiscriminatorOrWithAMapOfVariablesFails() {
        String good = "{\"name\":\"local\",\"platform\":\"local-platform\",\"config\":{\"discriminator\":\"local-platform\",\"workDir\":\"/w\",\"environment\":[{\"name\":\"A\",\"value\":\"x\",\"head\":true,\"compute\":true}]}}";
        assertThat(SeqeraSchemas.violations("ComputeEnv_ComputeConfig_", good)).isEmpty();
        assertThat(SeqeraSchemas.unknownFields("ComputeEnv_ComputeConfig_", good)).isEmpty();
        assertThat(SeqeraSchemas.violations("ComputeEnv_ComputeConfig_",
                "{\"name\":\"l\",\"platform\":\"local-platform\",\"config\":{\"discriminator\":\"local-platform\",\"environment\":{\"A\":\"x\"}}}")).isNotEmpty();
        assertThat(SeqeraSchemas.violations("ComputeEnv_ComputeConfig_", "{\"name\":\"l\",\"platform\":\"local-platform\",\"config\":{\"workDir\":\"/w\"}}")).isNotEmpty();
    }

    @Test
    void fieldsTheSpecDoesNotNameAreFound() {
        assertThat(SeqeraSchemas.unknownFields("ComputeEnv_ComputeConfig_",
                "{\"name\":\"n\",\"bogus\":1,\"config\":{\"discriminator\":\"slurm-platform\",\"headQueue\":\"q\",\"nope\":2,"
                        + "\"environment\":[{\"name\":\"A\",\"extra\":1}]}}"))
                .containsExactlyInAnyOrder("bogus", "config.nope", "config.environment[].extra");
    }

    @Test
    void requestPathsFindTheirSpecPathLiteralSegmentsFirst() {
        assertThat(SeqeraSchemas.specPath("/api/workflow/random-name")).isEqualTo("/workflow/random-name");
        assertThat(SeqeraSchemas.specPath("/api/workflow/4Bi5xBK6E2Nbhj?workspaceId=1")).isEqualTo("/workflow/{workflowId}");
        assertThat(SeqeraSchemas.specPath("/api/workflow/abc/tasks?max=2")).isEqualTo("/workflow/{workflowId}/tasks");
    }

    @Test
    void anAnswerIsCheckedAgainstItsOperationAndStatus() {
        SeqeraSchemas.assertAnswer("GET", "/api/workflow/random-name", 200, "{\"name\":\"happy_curie\"}");
        assertThatThrownBy(() -> SeqeraSchemas.assertAnswer("GET", "/api/workflow/random-name", 200, "{\"name\":1}"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> SeqeraSchemas.assertAnswer("GET", "/api/workflow/random-name", 200, "{\"name\":\"a\",\"x\":1}"))
                .hasMessageContaining("[x]");
        SeqeraSchemas.assertAnswer("GET", "/api/workflow/random-name", 200, "{\"name\":\"a\",\"x\":1}", "x");
        SeqeraSchemas.assertAnswer("GET", "/api/workflow/abc", 404, "{\"message\":\"Unknown workflow\"}");
        SeqeraSchemas.assertAnswer("DELETE", "/api/workflow/abc", 204, "");
    }
}
