package io.pharos.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Fixtures;
import io.pharos.support.Fixtures.Call;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web UI end to end: a real Pharos, real captured Nextflow traffic, and the Debian
 * chromium clicking through the pages as a person would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiTest {
    Path dataDir;
    Path workRoot;
    TestServer server;
    Http http;
    Browser browser;
    String alice;
    String bob;

    @BeforeAll
    void start() throws IOException {
        browser = Browser.start(); // first: without chromium there is nothing to test
        dataDir = Files.createTempDirectory("pharos-ui-test");
        workRoot = Files.createTempDirectory("pharos-ui-work");
        server = TestServer.onNewDatabase(TestDb.Kind.H2, dataDir, c -> c.withTaskRoots(java.util.List.of(workRoot)));
        http = server.http();
        alice = server.newUserToken("alice", false);
        bob = server.newUserToken("bob", false);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // ---- helpers ----

    String replay(String token, String folder) {
        return new Replayer(http, Http.bearer(token)).replay(Fixtures.nextflowTower(folder));
    }

    JsonNode api(String path, String token) {
        Http.Response r = http.get(path, Http.bearer(token));
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    void signIn(String token) {
        browser.signIn(server.baseUrl(), token);
    }

    void openRun(String id) {
        browser.open(server.baseUrl() + "/watch/" + id);
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tasks tr")));
    }

    List<String> attrs(String css, String attr) {
        return browser.attrs(css, attr);
    }

    List<String> taskIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("tasks").forEach(t -> ids.add(t.at("/task/taskId").asText()));
        return ids;
    }

    void waitForTaskRows(List<String> expected) {
        browser.until(d -> attrs("#tasks tr[data-task]", "data-task").equals(expected));
    }

    // ---- tests ----

    @Test
    void signing_in_refuses_a_bad_token_and_keeps_a_good_one_in_an_http_only_strict_cookie() {
        browser.driver.manage().deleteAllCookies();
        browser.open(server.baseUrl() + "/");
        WebElement token = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        token.sendKeys("pharos_not_a_real_token");
        browser.find("#signin").click();
        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-error")));
        assertThat(error.getText()).contains("unknown or revoked");

        token.clear();
        token.sendKeys(alice);
        browser.find("#signin").click();
        assertThat(browser.until(ExpectedConditions.presenceOfElementLocated(By.id("who"))).getText()).isEqualTo("alice");
        assertThat(browser.find("h1").getText()).isEqualTo("Your runs");
        Cookie c = browser.driver.manage().getCookieNamed(WebSession.COOKIE);
        assertThat(c.isHttpOnly()).isTrue();
        assertThat(c.getSameSite()).isEqualTo("Strict");
        assertThat(browser.js("return document.cookie")).isEqualTo("");

        browser.find("#signout").click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        assertThat(browser.driver.manage().getCookieNamed(WebSession.COOKIE)).isNull();
    }

    @Test
    void runs_list_shows_only_the_users_runs_newest_first_and_searches() {
        String older = replay(alice, "nf24.10.0-ok");
        String newer = replay(alice, "nf25.04.0-fail-ws");
        String bobs = replay(bob, "nf25.04.0-ok");
        signIn(alice);
        // The list as the API gives it to alice, newest first; the page must show exactly that.
        List<String> expected = new ArrayList<>();
        api("/api/workflows?max=50", alice).get("workflows").forEach(w -> expected.add(w.at("/workflow/id").asText()));
        assertThat(expected).containsSubsequence(newer, older).doesNotContain(bobs);
        browser.until(d -> attrs("#runs tr[data-id]", "data-id").equals(expected));

        WebElement row = browser.find("#runs tr[data-id='" + newer + "']");
        assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Failed");
        JsonNode wp = api("/api/workflow/" + newer, alice).at("/progress/workflowProgress");
        long done = wp.get("succeeded").asLong() + wp.get("cached").asLong() + wp.get("failed").asLong();
        assertThat(row.findElement(By.cssSelector(".count")).getText()).startsWith(done + "/");

        List<String> failed = new ArrayList<>();
        api("/api/workflows?max=50&search=status:FAILED", alice).get("workflows")
                .forEach(w -> failed.add(w.at("/workflow/id").asText()));
        assertThat(failed).contains(newer).doesNotContain(older);
        browser.find("#run-search").sendKeys("status:FAILED");
        browser.until(d -> attrs("#runs tr[data-id]", "data-id").equals(failed));
        assertThat(browser.driver.getCurrentUrl()).contains("search=status%3AFAILED");
    }

    @Test
    void run_page_shows_a_replayed_run_with_its_error_processes_totals_tasks_plots_and_timeline() {
        String id = replay(alice, "nf25.04.0-fail-ws");
        JsonNode wf = api("/api/workflow/" + id, alice);
        signIn(alice);
        openRun(id);

        assertThat(browser.find("#run-name").getText()).isEqualTo(wf.at("/workflow/runName").asText());
        assertThat(browser.find("#run-status .badge").getText()).isEqualTo("Failed");
        assertThat(browser.find("#error-message").getText()).contains("boom for carol");
        assertThat(browser.find("#command-line").getText()).isEqualTo(wf.at("/workflow/commandLine").asText());
        assertThat(browser.find("#params").getText()).contains("\"fail\": true");
        List<String> processes = new ArrayList<>();
        wf.at("/progress/processesProgress").forEach(p -> processes.add(p.get("process").asText()));
        assertThat(attrs("#process-bars .pcounts[data-process]", "data-process")).isEqualTo(processes);
        JsonNode wp = wf.at("/progress/workflowProgress");
        assertThat(browser.find("[data-count=failed]").getText()).isEqualTo(wp.get("failed").asLong() + " failed");
        assertThat(browser.find("[data-key=cpuTime] .v").getText()).isNotEqualTo("–");

        // Tasks: the page shows the API's first page; headers sort through the API; search narrows.
        JsonNode page = api("/api/workflow/" + id + "/tasks?max=25", alice);
        waitForTaskRows(taskIds(page));
        assertThat(browser.find("#task-total").getText()).isEqualTo(page.get("total").asLong() + " tasks");
        browser.find("th[data-sort=status]").click();
        waitForTaskRows(taskIds(api("/api/workflow/" + id + "/tasks?max=25&sortBy=status&sortDir=asc", alice)));
        browser.find("th[data-sort=status]").click();
        waitForTaskRows(taskIds(api("/api/workflow/" + id + "/tasks?max=25&sortBy=status&sortDir=desc", alice)));
        assertThat(browser.find("th[data-sort=status]").getAttribute("aria-sort")).isEqualTo("descending");
        browser.find("#task-search").sendKeys("carol");
        waitForTaskRows(taskIds(api("/api/workflow/" + id + "/tasks?max=25&sortBy=status&sortDir=desc&search=carol", alice)));

        // Box plots: one per process with values; the max whisker names its task on hover.
        JsonNode metrics = api("/api/workflow/" + id + "/metrics", alice).get("metrics");
        JsonNode firstCpu = null;
        for (JsonNode m : metrics) {
            if (!m.get("cpu").isNull()) {
                firstCpu = m;
                break;
            }
        }
        assertThat(firstCpu).isNotNull();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#metric-plot g[data-process]")));
        WebElement max = browser.find("#metric-plot g[data-process='" + firstCpu.get("process").asText() + "'] [data-stat=max]");
        browser.js("arguments[0].scrollIntoView({block: 'center'})", max);
        new Actions(browser.driver).moveToElement(max).perform();
        WebElement tip = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("tip")));
        assertThat(tip.getText()).contains(firstCpu.at("/cpu/maxLabel").asText()).contains("max");
        browser.find("[data-series=mem]").click();
        browser.until(d -> "true".equals(browser.find("[data-series=mem]").getAttribute("aria-selected")));

        // Timeline: every task of this small run has a bar.
        browser.until(d -> browser.all("#timeline-plot g[data-task]").size() == page.get("total").asInt());

        // The console log panel is there exactly when the server has a console log for the run.
        int consoleStatus = http.get("/api/workflow/" + id + "/log", Http.bearer(alice)).status();
        if (consoleStatus == 200) {
            browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
        } else {
            browser.until(d -> !browser.all("#timeline-plot g[data-task]").isEmpty());
            assertThat(browser.find("#console").isDisplayed()).isFalse();
        }
    }

    @Test
    void clicking_a_task_shows_every_field_and_its_output_files() throws IOException {
        List<Call> calls = Fixtures.withLocalWorkdirs(Fixtures.nextflowTower("nf25.04.0-ok"), workRoot);
        String id = new Replayer(http, Http.bearer(alice)).replay(calls);
        Files.writeString(workRoot.resolve("t2/.command.out"), "Hello from task two\n");
        Files.writeString(workRoot.resolve("t2/.command.err"), "a warning on stderr\n");
        Files.writeString(workRoot.resolve("t2/.command.log"), "log line one\nlog line two\n");
        JsonNode task = api("/api/workflow/" + id + "/tasks/2", alice).get("task");
        signIn(alice);
        openRun(id);

        browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#tasks tr[data-task='2']"))).click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("task-fields")));
        Set<String> fields = new HashSet<>();
        task.fieldNames().forEachRemaining(fields::add);
        fields.remove("script");
        assertThat(new HashSet<>(attrs("#task-fields tr[data-field]", "data-field"))).isEqualTo(fields);
        assertThat(browser.find("#task-fields tr[data-field=hash] td").getText()).isEqualTo(task.get("hash").asText());
        assertThat(browser.find("#task-fields tr[data-field=name] td").getText()).isEqualTo(task.get("name").asText());
        assertThat(browser.js("return document.getElementById('task-script').textContent")).isEqualTo(task.get("script").asText());

        browser.until(d -> browser.find("#task-file-view").getText().equals("Hello from task two"));
        browser.find("#task-files [data-file='.command.err']").click();
        browser.until(d -> browser.find("#task-file-view").getText().equals("a warning on stderr"));
        browser.find("#task-files [data-file='.command.log']").click();
        browser.until(d -> browser.find("#task-file-view").getText().equals("log line one\nlog line two"));
        browser.find("dialog .close").click();
        browser.until(d -> browser.all("dialog").isEmpty());

        // A task whose folder is gone says so instead of showing files.
        Files.delete(workRoot.resolve("t1"));
        browser.find("#tasks tr[data-task='1']").click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("task-files-missing")));
        browser.find("dialog .close").click();
    }

    @Test
    void a_live_run_updates_on_the_page_and_in_the_list_without_reloading() {
        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        Replayer r = new Replayer(http, Http.bearer(alice));
        signIn(alice);
        browser.until(d -> "on".equals(browser.js("return document.body.dataset.live")));
        browser.js("window.__sameDocument = true");

        // The list: a run created now appears without a reload.
        String id = r.send(calls.get(0), null).json().get("workflowId").asText();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs tr[data-id='" + id + "']")));
        for (Call c : calls.subList(1, 3)) {
            assertThat(r.send(c, id).status()).isEqualTo(200);
        }

        // The run page: counters follow the progress calls as they arrive.
        browser.click("#runs tr[data-id='" + id + "'] a.run-link");
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#run-counts")));
        browser.until(d -> "on".equals(browser.js("return document.body.dataset.live")));
        assertThat(browser.find("#run-status .badge").getText()).isEqualTo("Running");
        String before = browser.find("#run-counts").getText();
        for (Call c : calls.subList(3, calls.size())) {
            assertThat(r.send(c, id).status()).isEqualTo(200);
        }
        JsonNode wp = api("/api/workflow/" + id, alice).at("/progress/workflowProgress");
        String succeeded = wp.get("succeeded").asLong() + " succeeded";
        browser.until(Duration.ofSeconds(10), d -> browser.find("[data-count=succeeded]").getText().equals(succeeded)
                && browser.find("#run-status .badge").getText().equals("Succeeded"));
        assertThat(browser.find("#run-counts").getText()).isNotEqualTo(before);
        browser.until(Duration.ofSeconds(10), d -> browser.all("#tasks tr[data-task]").size()
                == Math.min(25, api("/api/workflow/" + id + "/tasks?max=1", alice).get("total").asInt()));
        assertThat(browser.js("return window.__sameDocument === true")).isEqualTo(true);
    }

    @Test
    void a_label_is_added_to_a_run_then_filters_the_list_and_a_run_is_starred() {
        String labelled = replay(alice, "nf24.10.0-ok");
        String other = replay(alice, "nf25.04.0-ok");
        signIn(alice);
        browser.scriptErrors(); // only this test's errors count below
        openRun(labelled);
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#run-labels")));
        WebElement input = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("label-input")));
        input.sendKeys("ui-nightly");
        browser.find("#label-add").click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#run-labels [data-label='ui-nightly']")));
        // A resource label too, typed as name=value.
        browser.find("#label-input").sendKeys("ui-team=genomics");
        browser.find("#label-add").click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#run-labels [data-label='ui-team=genomics']")));
        assertThat(labelsOf(labelled)).containsExactly("ui-nightly", "ui-team=genomics");
        // Removing one takes it off the run.
        browser.find("#run-labels [data-label='ui-team=genomics'] button.unlabel").click();
        browser.until(d -> browser.all("#run-labels [data-label='ui-team=genomics']").isEmpty());
        assertThat(labelsOf(labelled)).containsExactly("ui-nightly");

        // The star on the run's page.
        browser.find("#run .pagehead button.star").click();
        browser.until(d -> "true".equals(browser.find("#run .pagehead button.star").getAttribute("aria-pressed")));
        assertThat(http.get("/api/workflow/" + labelled + "/star", Http.bearer(alice)).status()).isEqualTo(200);

        // Clicking the label shows the runs that carry it: the list searches label:ui-nightly.
        browser.find("#run-labels [data-label='ui-nightly'] a").click();
        browser.until(d -> attrs("#runs tr[data-id]", "data-id").equals(List.of(labelled)));
        assertThat(browser.find("#run-search").getAttribute("value")).isEqualTo("label:ui-nightly");
        assertThat(browser.driver.getCurrentUrl()).contains("search=label%3Aui-nightly");
        assertThat(browser.all("#runs tr[data-id='" + labelled + "'] .label[data-label='ui-nightly']")).hasSize(1);
        assertThat(browser.find("#runs tr[data-id='" + labelled + "'] button.star").getAttribute("aria-pressed"))
                .isEqualTo("true");

        // Starring from the list, then is:starred finds both starred runs and not the rest.
        browser.open(server.baseUrl() + "/?search=" + "workflowId:" + other);
        browser.until(d -> attrs("#runs tr[data-id]", "data-id").equals(List.of(other)));
        // Through the page's handlers on the row as it is now: the live list may redraw it.
        browser.click("#runs tr[data-id='" + other + "'] button.star");
        browser.until(d -> "true".equals(browser.find("#runs tr[data-id='" + other + "'] button.star")
                .getAttribute("aria-pressed")));
        String third = replay(alice, "nf25.04.0-ok");
        WebElement search = browser.find("#run-search");
        search.clear();
        search.sendKeys("is:starred\n");
        browser.until(d -> new HashSet<>(attrs("#runs tr[data-id]", "data-id")).equals(Set.of(labelled, other)));
        assertThat(attrs("#runs tr[data-id]", "data-id")).doesNotContain(third);
        // And unstarring from the list.
        browser.click("#runs tr[data-id='" + other + "'] button.star");
        browser.until(d -> attrs("#runs tr[data-id]", "data-id").equals(List.of(labelled)));
        assertThat(http.get("/api/workflow/" + other + "/star", Http.bearer(alice)).status()).isEqualTo(404);
        assertThat(browser.scriptErrors()).isEmpty();
    }

    /** A run's labels as the API has them (name, or name=value). */
    List<String> labelsOf(String id) {
        List<String> out = new ArrayList<>();
        api("/api/workflow?attributes=labels&search=workflowId:" + id, alice).at("/workflows/0/labels")
                .forEach(l -> out.add(l.get("name").asText() + (l.has("value") ? "=" + l.get("value").asText() : "")));
        return out;
    }

    @Test
    void deleting_a_run_asks_first_and_a_live_run_needs_force() {
        String ended = replay(alice, "nf25.04.0-ok");
        signIn(alice);
        openRun(ended);
        browser.find("#delete-run").click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("delete-confirm")));
        browser.find("dialog .dfoot button:not(#delete-confirm)").click(); // Cancel
        browser.until(d -> browser.all("dialog").isEmpty());
        assertThat(http.get("/api/workflow/" + ended, Http.bearer(alice)).status()).isEqualTo(200);

        browser.find("#delete-run").click();
        browser.until(ExpectedConditions.elementToBeClickable(By.id("delete-confirm"))).click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("flash")));
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(server.baseUrl() + "/");
        assertThat(http.get("/api/workflow/" + ended, Http.bearer(alice)).status()).isEqualTo(404);
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#run-count")));
        assertThat(attrs("#runs tr[data-id]", "data-id")).doesNotContain(ended);

        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        String live = new Replayer(http, Http.bearer(alice)).replay(calls.subList(0, 3));
        openRun(live);
        browser.find("#delete-run").click();
        WebElement confirm = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("delete-confirm")));
        assertThat(confirm.isEnabled()).isFalse();
        browser.find("#delete-force").click();
        confirm.click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("flash")));
        assertThat(http.get("/api/workflow/" + live, Http.bearer(alice)).status()).isEqualTo(404);
    }

    @Test
    void another_users_run_is_neither_listed_nor_reachable() {
        String bobs = replay(bob, "nf24.10.0-ok");
        signIn(alice);
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#run-count")));
        browser.until(d -> !browser.find("#run-count").getText().isEmpty());
        assertThat(attrs("#runs tr[data-id]", "data-id")).doesNotContain(bobs);
        browser.open(server.baseUrl() + "/watch/" + bobs);
        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-error")));
        assertThat(error.getText()).contains("Not your run").contains("belongs to another user");
        assertThat(browser.all("#tasks tr[data-task]")).isEmpty();
        browser.open(server.baseUrl() + "/watch/NoSuchRun");
        assertThat(browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-error"))).getText())
                .contains("Run not found");
    }

    @Test
    void access_tokens_can_be_created_and_revoked() {
        String carol = server.newUserToken("carol", false);
        signIn(carol);
        browser.find("a[href='/tokens']").click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-name"))).sendKeys("laptop");
        browser.find("#token-create").click();
        String secret = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-secret"))).getText();
        assertThat(http.get("/api/user-info", Http.bearer(secret)).json().at("/user/userName").asText()).isEqualTo("carol");
        browser.until(d -> browser.all("#token-rows tr[data-token]").size() == 2);
        WebElement row = browser.all("#token-rows tr[data-token]").stream()
                .filter(e -> e.getText().startsWith("laptop")).findFirst().orElseThrow();
        row.findElement(By.cssSelector("button")).click();
        browser.until(ExpectedConditions.elementToBeClickable(By.id("revoke-confirm"))).click();
        browser.until(d -> browser.all("#token-rows tr[data-token]").size() == 1);
        assertThat(http.get("/api/user-info", Http.bearer(secret)).status()).isEqualTo(401);
    }

    @Test
    void a_big_run_is_read_a_page_at_a_time_and_its_timeline_is_capped() {
        // 5,000 tasks made from a real task of the capture, sent through the real trace API.
        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        Replayer r = new Replayer(http, Http.bearer(alice));
        String id = r.replay(calls.subList(0, 2));
        ObjectNode body = calls.get(4).body().deepCopy();
        ObjectNode template = (ObjectNode) body.get("tasks").get(0);
        var tasks = body.putArray("tasks");
        java.time.Instant t0 = java.time.Instant.parse("2026-11-24T10:00:00Z");
        int n = 5000;
        for (int i = 1; i <= n; i++) {
            ObjectNode t = template.deepCopy();
            t.put("taskId", i);
            t.put("name", "SAY_HELLO (" + i + ")");
            t.put("tag", String.valueOf(i));
            t.put("submit", t0.plusMillis(100L * i).toString());
            t.put("start", t0.plusMillis(100L * i + 50).toString());
            t.put("complete", t0.plusMillis(100L * i + 1050).toString());
            tasks.add(t);
        }
        assertThat(r.send(new Call("PUT", "/api/trace/abc123/progress", body), id).status()).isEqualTo(200);
        signIn(alice);
        openRun(id);
        browser.until(d -> browser.find("#task-total").getText().equals("5,000 tasks"));
        assertThat(browser.find("#task-pager").getText()).isEqualTo("1–25 of 5,000");
        browser.until(d -> browser.find("#timeline-note").getText()
                .equals("Showing the first 3,000 of 5,000 tasks by submit time."));
        assertThat(browser.all("#timeline-plot g[data-task]")).hasSize(3000);
        browser.find("#tasks-next").click();
        waitForTaskRows(taskIds(api("/api/workflow/" + id + "/tasks?max=25&offset=25", alice)));
        // Never all tasks at once: every task request the page made asked for at most 1,000.
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) browser.js("return performance.getEntriesByType('resource')"
                + ".map(e => e.name).filter(u => u.includes('/tasks'))");
        assertThat(urls).isNotEmpty().allSatisfy(u -> assertThat(u).containsPattern("[?&]max=(\\d{1,3}|1000)(&|$)"));
    }

    /** Screenshots for docs/ui.md: written to target/screenshots, and to -Dpharos.screenshots=DIR when given. */
    @Test
    void screenshots_of_the_runs_list_a_run_page_the_launch_form_and_compute_environments() throws IOException {
        String admin = server.adminToken();
        replay(admin, "nf24.10.0-ok");
        replay(admin, "nf25.04.0-heartbeat");
        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        new Replayer(http, Http.bearer(admin)).replay(calls.subList(0, 4));
        String id = replay(admin, "nf25.04.0-fail-ws");
        signIn(admin);
        browser.until(d -> browser.all("#runs tr[data-id]").size() >= 4);
        List<Path> dirs = new ArrayList<>(List.of(Path.of("target", "screenshots")));
        String extra = System.getProperty("pharos.screenshots");
        if (extra != null && !extra.isBlank()) {
            dirs.add(Path.of(extra));
        }
        for (Path dir : dirs) {
            browser.screenshot(dir.resolve("runs.png"), 1366);
        }
        openRun(id);
        browser.until(d -> !browser.all("#timeline-plot g[data-task]").isEmpty()
                && !browser.all("#metric-plot g[data-process]").isEmpty());
        for (Path dir : dirs) {
            browser.screenshot(dir.resolve("run.png"), 1366);
        }
        browser.screenshot(Path.of("target", "screenshots", "run-phone.png"), 390);
        assertThat(Files.size(Path.of("target", "screenshots", "run.png"))).isGreaterThan(10_000);

        // The launch form, filled in as for a relaunch would be, and the compute environments.
        browser.click("#nav-launch");
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("launch-pipeline")))
                .sendKeys("https://github.com/nextflow-io/hello");
        browser.find("#launch-revision").sendKeys("master");
        browser.find("#launch-paramsText").sendKeys("{\"greeting\": \"Bonjour\"}");
        for (Path dir : dirs) {
            browser.screenshot(dir.resolve("launch.png"), 1366);
        }
        browser.screenshot(Path.of("target", "screenshots", "launch-phone.png"), 390);
        Http.Response env = http.send("POST", "/api/compute-envs", Http.bearer(admin), """
                {"name": "big-node", "description": "The 64-core node, through Slurm", "platform": "local-platform",
                 "config": {"workDir": "/scratch/pharos/work", "maxRunning": 2, "nextflowCommand": "/opt/nextflow/bin/nextflow",
                            "preRunScript": "module load java/17", "nextflowConfig": "process.executor = 'slurm'",
                            "environment": {"NXF_OPTS": "-Xmx2g"}}}""");
        assertThat(env.status()).as(env.body()).isEqualTo(200);
        browser.click("#nav-envs");
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#envs section[data-env]")));
        for (Path dir : dirs) {
            browser.screenshot(dir.resolve("compute-envs.png"), 1366);
        }
        browser.screenshot(Path.of("target", "screenshots", "compute-envs-phone.png"), 390);
    }
}
