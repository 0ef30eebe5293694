package io.pharos.web;

import static io.pharos.support.Await.await;
import static io.pharos.support.Nextflow.tasksWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Http;
import io.pharos.support.Nextflow;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Launching from the web UI, end to end: the Debian chromium fills in the launch form of a real
 * Pharos, which starts real Nextflow head jobs of the hello-launch test pipeline; the run page
 * then follows, cancels and relaunches them. Also the compute environments page, and who sees what.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LaunchUiTest {
    /** Long enough for Nextflow to start and report, with room on a busy 2-core machine. */
    static final Duration RUN = Duration.ofSeconds(180);

    Path dataDir;
    TestServer server;
    Http http;
    Browser browser;
    String adminToken;
    String admin;
    String computeEnv;

    @BeforeAll
    void start() throws IOException {
        browser = Browser.start(); // first: without chromium there is nothing to test
        dataDir = Files.createTempDirectory("pharos-launch-ui");
        server = TestServer.onNewDatabase(TestDb.Kind.H2, dataDir, c -> c.withNextflow(Nextflow.command()));
        http = server.http();
        adminToken = server.adminToken();
        admin = Http.bearer(adminToken);
        computeEnv = get("/api/compute-envs", admin).at("/computeEnvs/0/id").asText();
    }

    /** A test that failed half-way must not leave a head job running into the next one. */
    @AfterEach
    void endLeftoverRuns() throws InterruptedException {
        List<String> open = server.app().db().jdbi().withHandle(h -> h.createQuery(
                "SELECT workflow_id FROM launches WHERE state <> 'ENDED'").mapTo(String.class).list());
        for (String id : open) {
            http.send("POST", "/api/workflow/" + id + "/cancel?force=true", admin, null);
        }
        for (String id : open) {
            await(() -> "ENDED".equals(launchState(id)) ? true : null, Duration.ofSeconds(30));
        }
        assertThat(browser.scriptErrors()).isEmpty();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        Nextflow.killProcessesUnder(dataDir); // never leave a head job or a task behind
    }

    // ---- helpers ----

    void signIn(String token) {
        browser.signIn(server.baseUrl(), token);
    }

    WebElement visible(String css) {
        return browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void type(String css, String text) {
        WebElement e = visible(css);
        e.clear();
        e.sendKeys(text);
    }

    /**
     * Scrolls an element to the middle of the window (clear of the sticky top bar) and clicks it.
     * A live page may redraw it between finding and clicking: then it is found again and clicked.
     */
    void press(String css) {
        browser.until(d -> {
            WebElement e = visible(css);
            browser.js("arguments[0].scrollIntoView({block: 'center'})", e);
            e.click();
            return true;
        });
    }

    /** For docs/ui.md: into target/screenshots, and -Dpharos.screenshots=DIR when given. */
    void screenshot(String name) throws IOException {
        browser.screenshot(Path.of("target", "screenshots", name), 1366);
        String extra = System.getProperty("pharos.screenshots");
        if (extra != null && !extra.isBlank()) {
            browser.screenshot(Path.of(extra, name), 1366);
        }
    }

    String params(double sleep, boolean fail) {
        return "{\"params\": {\"sleep\": " + sleep + ", \"fail\": " + fail + "}}";
    }

    /** Opens the empty launch form through the nav link, as a person would. */
    void openLaunchForm() {
        browser.click("#nav-launch");
        visible("#launch-pipeline");
    }

    /** Submits the form and returns the id of the run whose page it lands on. */
    String submitLaunch() {
        press("#launch-submit");
        browser.until(Duration.ofSeconds(20), d -> d.getCurrentUrl().matches(".*/watch/[A-Za-z0-9]+$"));
        String url = browser.driver.getCurrentUrl();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    String launchApi(String auth, double sleep, boolean fail) {
        ObjectNode f = Http.JSON.createObjectNode();
        f.put("computeEnvId", computeEnv);
        f.put("pipeline", Nextflow.pipeline("hello-launch").toString());
        f.put("paramsText", params(sleep, fail));
        ObjectNode body = Http.JSON.createObjectNode();
        body.set("launch", f);
        Http.Response r = http.send("POST", "/api/workflow/launch", auth, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("workflowId").asText();
    }

    String statusBadge() {
        return browser.find("#run-status .badge").getText();
    }

    JsonNode get(String path, String auth) {
        Http.Response r = http.get(path, auth);
        assertThat(r.status()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    String status(String id) {
        return get("/api/workflow/" + id, admin).at("/workflow/status").asText();
    }

    String launchState(String id) {
        return server.app().db().jdbi().withHandle(h -> h.createQuery("SELECT state FROM launches WHERE workflow_id = :id")
                .bind("id", id).mapTo(String.class).findOne().orElse(null));
    }

    long runCount() {
        return server.app().db().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM workflows").mapTo(Long.class).one());
    }

    /** The run has its final status and its head job has exited (see LaunchContractTest.awaitEnded). */
    void awaitEnded(String id) throws InterruptedException {
        await(() -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status(id)) && "ENDED".equals(launchState(id))
                ? true : null, RUN);
    }



    long setCanLaunch(String userName, boolean canLaunch) {
        long id = server.app().auth().findUser(userName).orElseThrow().id();
        Http.Response r = http.send("PUT", "/api/users/" + id, admin, "{\"canLaunch\":" + canLaunch + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return id;
    }

    // ---- tests ----

    @Test
    void an_admin_launches_from_the_form_and_watches_the_console_grow_and_the_run_succeed_without_reloading()
            throws Exception {
        signIn(adminToken);
        openLaunchForm();
        // The compute environments come from the API, the primary one chosen.
        Select env = new Select(browser.find("#launch-computeEnvId"));
        assertThat(env.getFirstSelectedOption().getAttribute("value")).isEqualTo(computeEnv);
        String pipeline = Nextflow.pipeline("hello-launch").toString();
        type("#launch-pipeline", pipeline);
        type("#launch-paramsText", params(1, false));
        type("#launch-configProfiles", "standard");
        browser.js("window.__sameDocument = true");
        String id = submitLaunch();

        // The console shows up and grows while the run goes on; the status follows to the end.
        List<String> seen = new ArrayList<>();
        browser.until(RUN, d -> {
            WebElement console = browser.find("#console-text");
            String text = console.isDisplayed() ? console.getText() : "";
            if (!text.isEmpty() && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(text))) {
                seen.add(text);
            }
            return text.contains("done: bob.upper.txt") && statusBadge().equals("Succeeded");
        });
        assertThat(seen.get(0)).doesNotContain("done: bob.upper.txt");
        assertThat(seen).hasSizeGreaterThan(1);
        assertThat(seen.get(seen.size() - 1)).contains("N E X T F L O W");
        assertThat(browser.js("return window.__sameDocument === true")).isEqualTo(true);
        browser.until(d -> browser.find("[data-count=succeeded]").getText().equals("6 succeeded"));
        assertThat(browser.all("#relaunch-run")).hasSize(1);
        // The page opened before Nextflow began; the params it reported later are shown without a reload.
        browser.until(d -> browser.find("#params").getText().contains("\"sleep\": 1"));

        // What was sent is what the form held, and only the fields that had a value.
        JsonNode record = get("/api/workflow/" + id + "/launch", admin).get("launch");
        assertThat(record.get("pipeline").asText()).isEqualTo(pipeline);
        assertThat(record.get("paramsText").asText()).isEqualTo(params(1, false));
        assertThat(record.get("configProfiles").toString()).isEqualTo("[\"standard\"]");
        // Fields left empty in the form have no value, so the record leaves them out.
        assertThat(record.has("revision")).isFalse();
        assertThat(record.has("workDir")).isFalse();
        assertThat(record.get("resume").asBoolean()).isFalse();
        awaitEnded(id);
        assertThat(status(id)).isEqualTo("SUCCEEDED");
        // The console is read until the head job has exited, so its last lines arrive too.
        browser.until(d -> List.of("alice", "bob", "carol").stream()
                .allMatch(n -> browser.find("#console-text").getText().contains("done: " + n + ".upper.txt")));
        browser.until(d -> !browser.all("#metric-plot g[data-process]").isEmpty());
        screenshot("launched-run.png");
    }

    @Test
    void a_long_run_launched_from_the_form_is_cancelled_from_its_page_after_a_confirmation() throws Exception {
        String marker = "313.5";
        signIn(adminToken);
        openLaunchForm();
        type("#launch-pipeline", Nextflow.pipeline("hello-launch").toString());
        type("#launch-paramsText", "{\"params\": {\"sleep\": " + marker + "}}");
        String id = submitLaunch();
        await(() -> tasksWith(marker).isEmpty() ? null : true, RUN);
        browser.until(d -> statusBadge().equals("Running"));

        // Asked first: keeping it running changes nothing.
        press("#cancel-run");
        visible("#cancel-confirm");
        browser.find("dialog .dfoot button:not(#cancel-confirm)").click();
        browser.until(d -> browser.all("dialog").isEmpty());
        assertThat(status(id)).isEqualTo("RUNNING");

        press("#cancel-run");
        browser.until(ExpectedConditions.elementToBeClickable(By.id("cancel-confirm"))).click();
        browser.until(d -> browser.all("dialog").isEmpty() && statusBadge().equals("Cancelled"));
        browser.until(d -> browser.all("#cancel-run").isEmpty());
        assertThat(status(id)).isEqualTo("CANCELLED");
        awaitEnded(id);
        await(() -> tasksWith(marker).isEmpty() ? true : null, Duration.ofSeconds(15));
        assertThat(status(id)).isEqualTo("CANCELLED");
    }

    @Test
    void a_failed_run_is_relaunched_with_resume_from_its_page_and_comes_back_with_cached_tasks() throws Exception {
        String failed = launchApi(admin, 0.1, true);
        awaitEnded(failed);
        assertThat(status(failed)).isEqualTo("FAILED");
        JsonNode record = get("/api/workflow/" + failed + "/launch", admin).get("launch");
        // Nextflow stops at the first failure, so how many GREET tasks finished first varies; each comes back cached.
        long greeted = get("/api/workflow/" + failed + "/tasks?search=process:GREET%20status:COMPLETED", admin)
                .get("total").asLong();
        assertThat(greeted).isPositive();

        signIn(adminToken);
        browser.open(server.baseUrl() + "/watch/" + failed);
        press("#relaunch-run");
        visible("#launch-form");
        // The form holds the earlier launch; resume is ticked for a failed run, with its session.
        assertThat(browser.find("#launch-pipeline").getAttribute("value")).isEqualTo(record.get("pipeline").asText());
        assertThat(browser.find("#launch-paramsText").getAttribute("value")).isEqualTo(params(0.1, true));
        assertThat(new Select(browser.find("#launch-computeEnvId")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo(computeEnv);
        assertThat(browser.find("#launch-resume").isSelected()).isTrue();
        assertThat(browser.find("#launch-sessionId").getAttribute("value")).isEqualTo(record.get("sessionId").asText());
        // Unticking resume forgets the session; ticking it again brings it back.
        press("#launch-resume");
        assertThat(browser.find("#launch-sessionId").getAttribute("value")).isEmpty();
        press("#launch-resume");
        assertThat(browser.find("#launch-sessionId").getAttribute("value")).isEqualTo(record.get("sessionId").asText());

        type("#launch-paramsText", params(0.1, false));
        String resumed = submitLaunch();
        assertThat(resumed).isNotEqualTo(failed);
        browser.until(RUN, d -> statusBadge().equals("Succeeded"));
        awaitEnded(resumed);
        JsonNode cachedTasks = get("/api/workflow/" + resumed + "/tasks?search=status:CACHED", admin);
        long cached = cachedTasks.get("total").asLong();
        // Changed params change SHOUT's script (and hash), not GREET's.
        assertThat(cached).isEqualTo(greeted);
        // The page shows them: in the task table, and found by the task search.
        browser.until(d -> !browser.all("#tasks .badge[data-status=CACHED]").isEmpty());
        browser.find("#task-search").sendKeys("status:CACHED");
        browser.until(d -> browser.find("#task-total").getText().equals(cached + " tasks match"));
        assertThat(browser.attrs("#tasks .badge", "data-status")).containsOnly("CACHED");
        long counted = get("/api/workflow/" + resumed, admin).at("/progress/workflowProgress/cached").asLong();
        browser.until(d -> browser.find("[data-count=cached]").getText().equals(counted + " cached"));
        JsonNode again = get("/api/workflow/" + resumed + "/launch", admin).get("launch");
        assertThat(again.get("resume").asBoolean()).isTrue();
        assertThat(again.get("sessionId").asText()).isEqualTo(record.get("sessionId").asText());
    }

    @Test
    void a_bad_field_shows_the_servers_message_on_the_form_and_starts_nothing() {
        long before = runCount();
        signIn(adminToken);
        openLaunchForm();
        press("#launch-submit");
        String required = http.send("POST", "/api/workflow/launch", admin,
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\"}}").json().get("message").asText();
        browser.until(d -> visible("#launch-error").getText().equals(required));
        assertThat(required).isEqualTo("Field 'pipeline' is required");

        type("#launch-pipeline", "-with-docker");
        press("#launch-submit");
        String refused = http.send("POST", "/api/workflow/launch", admin,
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"-with-docker\"}}").json().get("message").asText();
        browser.until(d -> browser.find("#launch-error").getText().equals(refused));
        assertThat(refused).contains("'pipeline'").contains("may not start with '-'");
        assertThat(browser.find("#launch-pipeline").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(server.baseUrl() + "/launch");

        // Resume without a session is refused too, naming the field.
        type("#launch-pipeline", Nextflow.pipeline("hello-launch").toString());
        press("#launch-resume");
        press("#launch-submit");
        browser.until(d -> browser.find("#launch-error").getText().equals("Invalid value for 'sessionId': is required to resume a run"));
        assertThat(browser.find("#launch-sessionId").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#launch-pipeline").getAttribute("aria-invalid")).isNull();
        assertThat(runCount()).isEqualTo(before);
    }

    @Test
    void only_users_who_may_launch_see_the_launch_link_and_the_relaunch_button() throws Exception {
        String carol = server.newUserToken("carol", false);
        setCanLaunch("carol", true);
        String id = launchApi(Http.bearer(carol), 0, false);
        awaitEnded(id);

        // With the permission: the nav has Launch, her launched run offers Relaunch.
        signIn(carol);
        assertThat(browser.all("#nav-launch")).hasSize(1);
        browser.open(server.baseUrl() + "/watch/" + id);
        browser.until(d -> "true".equals(browser.find("#run").getAttribute("data-launched")));
        visible("#relaunch-run");

        // Without it: neither, and the form itself says why instead of showing fields.
        setCanLaunch("carol", false);
        browser.open(server.baseUrl() + "/watch/" + id);
        browser.until(d -> "true".equals(browser.find("#run").getAttribute("data-launched")));
        assertThat(browser.find("#run-status .badge").getText()).isEqualTo("Succeeded");
        assertThat(browser.all("#relaunch-run")).isEmpty();
        assertThat(browser.all("#nav-launch")).isEmpty();
        assertThat(browser.all("#nav-envs")).isEmpty();
        browser.open(server.baseUrl() + "/launch?relaunch=" + id);
        assertThat(visible("#launch-denied").getText()).contains("launch permission");
        assertThat(browser.all("#launch-form")).isEmpty();

        // A user who never had it sees no Launch link either.
        signIn(server.newUserToken("dave", false));
        assertThat(browser.all("#nav-launch")).isEmpty();
    }

    @Test
    void an_admin_creates_and_deletes_a_compute_environment_and_a_non_admin_sees_no_form() throws Exception {
        signIn(adminToken);
        browser.click("#nav-envs");
        visible("#envs section[data-env='" + computeEnv + "']");
        String workDir = dataDir.resolve("work-big").toString();
        type("#env-name", "big-node");
        type("#env-description", "the big one");
        type("#env-workDir", workDir);
        type("#env-maxRunning", "2");
        type("#env-environment", "NXF_OPTS=-Xmx1g\nGREETING=hello world");
        type("#env-preRunScript", "echo before");
        type("#env-nextflowConfig", "process.cpus = 1");
        press("#env-create");
        visible("#env-flash");

        JsonNode created = null;
        for (JsonNode e : get("/api/compute-envs", admin).get("computeEnvs")) {
            if (e.get("name").asText().equals("big-node")) {
                created = e;
            }
        }
        assertThat(created).isNotNull();
        String envId = created.get("id").asText();
        assertThat(created.get("platform").asText()).isEqualTo("local-platform");
        assertThat(created.get("description").asText()).isEqualTo("the big one");
        JsonNode cfg = created.get("config");
        assertThat(cfg.get("workDir").asText()).isEqualTo(workDir);
        assertThat(cfg.get("maxRunning").asInt()).isEqualTo(2);
        // Variable values are write-only: the names come back, the values masked, for the admin too.
        assertThat(cfg.get("environment").toString()).isEqualTo("[{\"name\":\"NXF_OPTS\",\"value\":\"********\",\"head\":true,"
                + "\"compute\":false},{\"name\":\"GREETING\",\"value\":\"********\",\"head\":true,\"compute\":false}]");
        assertThat(cfg.get("discriminator").asText()).isEqualTo("local-platform");
        assertThat(cfg.get("preRunScript").asText()).isEqualTo("echo before");
        assertThat(cfg.get("nextflowConfig").asText()).isEqualTo("process.cpus = 1");
        WebElement card = visible("#envs section[data-env='" + envId + "']");
        assertThat(card.findElement(By.cssSelector("[data-field=workDir] .v")).getText()).isEqualTo(workDir);
        assertThat(card.findElement(By.cssSelector("[data-field=maxRunning] .v")).getText()).isEqualTo("2");
        assertThat(card.findElement(By.cssSelector("pre[data-field=preRunScript]")).getText()).isEqualTo("echo before");
        assertThat(card.findElement(By.cssSelector("pre[data-field=environment]")).getText())
                .isEqualTo("NXF_OPTS=********\nGREETING=********");

        // The server's refusals, shown as it words them: a taken name, a relative folder.
        type("#env-name", "big-node");
        type("#env-workDir", workDir);
        press("#env-create");
        browser.until(d -> visible("#env-error").getText().equals("A compute environment named 'big-node' already exists"));
        type("#env-name", "other");
        type("#env-workDir", "relative/work");
        press("#env-create");
        browser.until(d -> browser.find("#env-error").getText().startsWith("Invalid config.workDir 'relative/work'"));
        assertThat(browser.find("#env-workDir").getAttribute("aria-invalid")).isEqualTo("true");

        // Deleting asks first.
        press("#envs section[data-env='" + envId + "'] .env-delete");
        browser.until(ExpectedConditions.elementToBeClickable(By.id("env-delete-confirm"))).click();
        browser.until(d -> browser.all("#envs section[data-env='" + envId + "']").isEmpty());
        assertThat(get("/api/compute-envs", admin).get("computeEnvs").toString()).doesNotContain(envId);
        assertThat(http.get("/api/compute-envs/" + envId, admin).status()).isEqualTo(404);

        // A user who may launch but is no admin sees the list, and neither the form nor delete buttons.
        String erin = server.newUserToken("erin", false);
        setCanLaunch("erin", true);
        signIn(erin);
        browser.click("#nav-envs");
        visible("#envs section[data-env='" + computeEnv + "']");
        assertThat(visible("#env-admin-only").getText()).contains("Only an administrator");
        assertThat(browser.all("#env-form")).isEmpty();
        assertThat(browser.all(".env-delete")).isEmpty();
        assertThat(visible("#envs section[data-env='" + computeEnv + "'] [data-field=workDir] .v").getText())
                .isEqualTo(dataDir.resolve("work").toString());

        // A user who may not launch gets no link to the page; opened anyway, it names the environments only.
        signIn(server.newUserToken("fay", false));
        browser.open(server.baseUrl() + "/compute-envs");
        visible("#envs section[data-env='" + computeEnv + "']");
        assertThat(browser.all("#envs [data-field=workDir]")).isEmpty();
        assertThat(browser.all("#envs [data-field=nextflowCommand]")).isEmpty();
        assertThat(browser.find("#envs").getText()).doesNotContain(dataDir.toString());
    }

    /**
     * On the real one-node Slurm cluster and the test sshd of tools/slurm-local.sh (./test starts
     * them; without them this fails, never skips): a Slurm environment made on the page, its
     * connection tested there (the Slurm version shows), and a run on it shows its head job's id.
     */
    @Test
    void an_admin_creates_a_slurm_environment_on_the_page_tests_its_connection_and_a_run_shows_its_head_job() throws Exception {
        Path keyFile = Path.of(System.getProperty("user.home"), ".pharos", "slurm-test", "id_ecdsa");
        assertThat(keyFile).as("the test key of tools/slurm-local.sh (run it with start)").exists();
        String version = new String(new ProcessBuilder("sinfo", "--version").redirectErrorStream(true).start()
                .getInputStream().readAllBytes()).strip().replaceFirst("^.*\\s", "");
        assertThat(version).as("sinfo --version: a Slurm cluster (tools/slurm-local.sh start)").matches("[0-9][0-9.]+.*");
        // The key is stored through the API (write-only); the page chooses it by name.
        ObjectNode cred = Http.JSON.createObjectNode();
        ObjectNode c = cred.putObject("credentials");
        c.put("name", "cluster-key");
        c.put("provider", "ssh");
        c.putObject("keys").put("privateKey", Files.readString(keyFile));
        Http.Response stored = http.send("POST", "/api/credentials", admin, cred.toString());
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        String credId = stored.json().get("credentialsId").asText();

        signIn(adminToken);
        browser.click("#nav-envs");
        visible("#env-form");
        assertThat(browser.find("#env-slurm-fields").isDisplayed()).isFalse();
        new Select(visible("#env-platform")).selectByValue("slurm-platform");
        visible("#env-slurm-fields");
        String workDir = dataDir.resolve("slurm-work").toString();
        type("#env-name", "hpc");
        type("#env-workDir", workDir);
        type("#env-nextflowCommand", Nextflow.command());
        type("#env-maxRunning", "2");
        type("#env-launchDir", dataDir.resolve("slurm-launch").toString());
        type("#env-headQueue", "debug");
        type("#env-computeQueue", "debug");
        // Held in Slurm's queue: the run below only needs its job id, and is cancelled.
        type("#env-headJobOptions", "--hold");
        press("#env-propagateHeadJobOptions");
        press("#env-propagateHeadJobOptions"); // ticked and unticked again: sent as false
        type("#env-maxQueueSize", "10");
        type("#env-hostName", "127.0.0.1");
        type("#env-port", "2222");
        type("#env-userName", System.getProperty("user.name"));
        browser.until(d -> !browser.all("#env-credentialsId option[value='" + credId + "']").isEmpty());
        new Select(browser.find("#env-credentialsId")).selectByValue(credId);
        type("#env-preRunScript", "echo before");
        press("#env-create");
        visible("#env-flash");

        JsonNode created = null;
        for (JsonNode e : get("/api/compute-envs", admin).get("computeEnvs")) {
            if (e.get("name").asText().equals("hpc")) {
                created = e;
            }
        }
        assertThat(created).isNotNull();
        String envId = created.get("id").asText();
        assertThat(created.get("platform").asText()).isEqualTo("slurm-platform");
        assertThat(created.get("credentialsId").asText()).isEqualTo(credId);
        JsonNode cfg = created.get("config");
        assertThat(cfg.get("discriminator").asText()).isEqualTo("slurm-platform");
        assertThat(cfg.get("hostName").asText()).isEqualTo("127.0.0.1");
        assertThat(cfg.get("port").asInt()).isEqualTo(2222);
        assertThat(cfg.get("headQueue").asText()).isEqualTo("debug");
        assertThat(cfg.get("computeQueue").asText()).isEqualTo("debug");
        assertThat(cfg.get("headJobOptions").asText()).isEqualTo("--hold");
        assertThat(cfg.get("propagateHeadJobOptions").asBoolean()).isFalse();
        assertThat(cfg.get("maxQueueSize").asInt()).isEqualTo(10);
        String card = "#envs section[data-env='" + envId + "']";
        assertThat(visible(card + " [data-field=hostName] .v").getText())
                .isEqualTo(System.getProperty("user.name") + "@127.0.0.1:2222");
        assertThat(browser.find(card + " [data-field=headQueue] .v").getText()).isEqualTo("debug");

        // Test connection: the first one records the host key; the result names the Slurm version.
        press(card + " .env-test");
        browser.until(Duration.ofSeconds(60), d -> "true".equals(browser.find(card + " .env-test-result").getAttribute("data-ok")));
        String result = browser.find(card + " .env-test-result").getText();
        assertThat(result).contains("Connection OK to 127.0.0.1").contains("Slurm " + version).contains("sbatch: ")
                .contains("recorded now").doesNotContain("PRIVATE KEY");
        screenshot("compute-env-slurm.png");

        // A run on it shows its head job's Slurm job id on its page.
        ObjectNode f = Http.JSON.createObjectNode();
        f.put("computeEnvId", envId);
        f.put("pipeline", Nextflow.pipeline("hello-launch").toString());
        ObjectNode body = Http.JSON.createObjectNode();
        body.set("launch", f);
        Http.Response r = http.send("POST", "/api/workflow/launch", admin, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String id = r.json().get("workflowId").asText();
        String jobId = await(() -> {
            JsonNode j = get("/api/workflow/" + id + "?workspaceId=", admin).get("jobInfo");
            return j == null || j.isNull() ? null : j.get("id").asText();
        }, Duration.ofSeconds(120));
        browser.open(server.baseUrl() + "/watch/" + id);
        browser.until(Duration.ofSeconds(30), d -> browser.all("#summary [data-key=headJob] .v").stream()
                .anyMatch(e -> e.getText().startsWith("Slurm job " + jobId)));
        assertThat(browser.find("#summary [data-key=headJob] .v").getText()).isEqualTo("Slurm job " + jobId + " · PENDING");
        Http.Response cancel = http.send("POST", "/api/workflow/" + id + "/cancel", admin, null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        await(() -> "ENDED".equals(launchState(id)) ? true : null, Duration.ofSeconds(60));
    }
}
