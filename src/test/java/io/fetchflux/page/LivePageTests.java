package io.fetchflux.page;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live page in a real browser: a person pastes URLs, starts a job, watches its results and
 * thumbnails arrive over the event stream, reads why a URL failed, and cancels a job.
 */
@FetchfluxTest(properties = { "fetchflux.fetch.response-timeout=20s", "fetchflux.fetch.deadline=30s" })
// Closed after the class, as no other class shares these timeouts: every context still open when the
// JVM exits adds to the time Surefire waits for it.
@DirtiesContext
class LivePageTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final Dimension WIDE = new Dimension(1280, 900);

	private static ChromeDriver browser;

	private final StubUpstream stub = StubUpstream.get();

	@LocalServerPort
	private int port;

	@Autowired
	private WebTestClient client;

	@AfterAll
	static void quitBrowser() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
	}

	@BeforeEach
	void browserWithAWideWindow() {
		Chromium.assumeInstalled();
		if (browser == null) {
			browser = Chromium.start(WIDE.getWidth(), WIDE.getHeight());
		}
		browser.manage().window().setSize(WIDE);
		browser.manage().logs().get(LogType.BROWSER);
	}

	@Test
	void jobStartedFromThePageFillsInLiveWithThumbnailsAndReasons() throws IOException {
		open("http://127.0.0.1:" + this.port + "/");
		assertThat(button("start").isEnabled()).as("start with nothing pasted").isFalse();
		assertThat(button("cancel").isEnabled()).as("cancel with no job").isFalse();
		List<String> urls = List.of(this.stub.url("/image.png"), this.stub.url("/image.jpg"),
				this.stub.url("/image.gif"), this.stub.url("/status/404"), "http://10.0.0.1/private",
				this.stub.url("/mislabelled.png"), "ftp://example.com/file.png");
		browser.findElement(By.id("urls")).sendKeys(String.join("\n", urls));
		browser.findElement(By.cssSelector("input[name=mode][value=image]")).click();
		browser.findElement(By.id("start")).click();

		waitUntil("the job done at 100%",
				(page) -> text("progress-text").endsWith("(100%)") && "succeeded".equals(state()));
		assertThat(text("progress-text")).isEqualTo("7 of 7 (100%)");
		assertThat(text("state")).isEqualTo("Finished: 7 of 7 done, 4 failed.");
		assertThat(js("return document.getElementById('progress').value")).isEqualTo(7L);
		assertThat(rows()).hasSize(7);
		for (String image : urls.subList(0, 3)) {
			assertThat(cell(image, "Status")).isEqualTo("200");
			assertThat(cell(image, "Result")).isEqualTo("OK");
			assertThat(cell(image, "SHA-256")).matches("[0-9a-f]{12}…");
		}
		assertThat(cell(urls.get(0), "Type")).isEqualTo("image/png");
		assertThat(cell(urls.get(3), "Status")).isEqualTo("404");
		assertThat(cell(urls.get(3), "Result")).contains("Not found").contains("upstream-not-found");
		assertThat(cell(urls.get(4), "Status")).isEqualTo("403");
		assertThat(cell(urls.get(4), "Result")).contains("Refused: this address is not allowed")
			.contains("destination-refused");
		assertThat(cell(urls.get(5), "Result")).contains("Not an image of a supported format").contains("not-an-image");
		assertThat(cell(urls.get(6), "Result")).contains("Not a valid http or https URL").contains("invalid-url");

		waitUntil("every thumbnail loaded",
				(page) -> js("return Array.from(document.querySelectorAll('img.thumb')).every((i) => i.complete)")
					.equals(Boolean.TRUE));
		// Zero for an image the browser could not load or decode.
		assertThat(js("return Array.from(document.querySelectorAll('img.thumb')).map((i) => i.naturalWidth)"))
			.asInstanceOf(InstanceOfAssertFactories.LIST)
			.hasSize(3)
			.allSatisfy((width) -> assertThat((Long) width).isPositive());
		assertThat(browser.findElements(By.cssSelector("img.thumb")).stream().map((i) -> i.getDomAttribute("src")))
			.containsExactlyInAnyOrderElementsOf(urls.subList(0, 3).stream()
				.map((url) -> "/api/images?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8))
				.toList());

		String id = text("job-id");
		assertThat(id).matches("[A-Za-z0-9_-]{22}");
		assertThat(browser.findElement(By.id("job-link")).getDomAttribute("href")).isEqualTo("/api/jobs/" + id);
		assertThat(button("start").isEnabled()).as("start once the job is over").isTrue();
		assertThat(button("cancel").isEnabled()).as("cancel once the job is over").isFalse();
		assertThat(browserErrors()).as("errors in the browser's console (a refused script, style or image)")
			.isEmpty();
		screenshot("live-page.png");
	}

	@Test
	void problemAnswerIsShownInWords() {
		open("http://127.0.0.1:" + this.port + "/");
		String url = this.stub.url("/image.png");
		browser.findElement(By.id("urls")).sendKeys(url);
		WebElement concurrency = browser.findElement(By.id("concurrency"));
		concurrency.clear();
		concurrency.sendKeys("100000");
		browser.findElement(By.id("start")).click();

		waitUntil("the problem shown", (page) -> browser.findElement(By.id("problem")).isDisplayed());
		String detail = this.client.post().uri("/api/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("urls", List.of(url), "mode", "fetch", "concurrency", 100000))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody(Map.class).returnResult().getResponseBody().get("detail").toString();
		assertThat(text("problem")).isEqualTo("The job was not started. " + detail + " (HTTP 400)");
		assertThat(browser.findElement(By.id("job")).isDisplayed()).isFalse();
		assertThat(button("start").isEnabled()).isTrue();
	}

	@Test
	void cancelStopsTheJobAndItsFetches() throws IOException {
		String hanging = "page-cancel-" + UUID.randomUUID();
		open("http://127.0.0.1:" + this.port + "/");
		browser.findElement(By.id("urls")).sendKeys(String.join("\n", this.stub.url("/image.png"),
				this.stub.url("/hang/" + hanging + "-1"), this.stub.url("/hang/" + hanging + "-2")));
		browser.findElement(By.id("start")).click();
		waitUntil("one row, and both hanging fetches started", (page) -> rows().size() == 1
				&& this.stub.arrived(hanging + "-1") && this.stub.arrived(hanging + "-2"));
		assertThat(button("start").isEnabled()).as("start while a job runs").isFalse();

		button("cancel").click();
		waitUntil("the job cancelled", (page) -> "cancelled".equals(state()));
		assertThat(text("state")).startsWith("Cancelled: 1 of 3 done");
		assertThat(text("progress-text")).isEqualTo("1 of 3 (33%)");
		assertThat(button("cancel").isEnabled()).isFalse();
		assertThat(button("start").isEnabled()).isTrue();
		await().atMost(PATIENCE)
			.until(() -> this.stub.abandoned(hanging + "-1") && this.stub.abandoned(hanging + "-2"));
		this.client.get().uri("/api/jobs/{id}", text("job-id")).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.state").isEqualTo("cancelled");
		screenshot("live-page-cancelled.png");
	}

	@Test
	void lostStreamIsShownAndResumedAfterTheLastEventSeen() throws InterruptedException {
		try (CuttableRelay relay = new CuttableRelay(this.port)) {
			open("http://127.0.0.1:" + relay.port() + "/");
			List<String> urls = List.of(this.stub.url("/image.png"), this.stub.url("/slow/4000"),
					this.stub.url("/slow/4500"));
			browser.findElement(By.id("urls")).sendKeys(String.join("\n", urls));
			browser.findElement(By.id("start")).click();
			waitUntil("the first row", (page) -> rows().size() == 1);

			relay.cut();
			waitUntil("the lost stream reported", (page) -> browser.findElement(By.id("stream")).isDisplayed());
			assertThat(text("stream")).isEqualTo("The live connection was lost. Reconnecting…");
			waitUntil("the job succeeded", (page) -> "succeeded".equals(state()));
			assertThat(rows()).hasSize(3);
			assertThat(browser.findElements(By.cssSelector("#results .url")).stream().map(WebElement::getText))
				.containsExactlyInAnyOrderElementsOf(urls);
			assertThat(browser.findElement(By.id("stream")).isDisplayed()).isFalse();
			assertThat(relay.sent().toLowerCase()).contains("\r\nlast-event-id: 1\r\n");
		}
	}

	@Test
	void narrowScreenShowsEachResultWithoutSidewaysScrollingAndReloadShowsTheJobAgain() throws IOException {
		open("http://127.0.0.1:" + this.port + "/");
		String refused = "http://10.0.0.1/a/rather/long/path/that/would/widen/a/table/column/past/a/phone/screen";
		browser.findElement(By.id("urls")).sendKeys(this.stub.url("/image.png") + "\n\n  " + refused + "  \n");
		browser.findElement(By.id("start")).click();
		waitUntil("the job succeeded", (page) -> "succeeded".equals(state()));
		assertThat(browser.getCurrentUrl()).endsWith("/?job=" + text("job-id"));

		browser.manage().window().setSize(new Dimension(375, 812));
		browser.navigate().refresh();
		waitUntil("the job succeeded", (page) -> "succeeded".equals(state()));
		assertThat(text("progress-text")).isEqualTo("2 of 2 (100%)");
		assertThat(rows()).hasSize(2);
		assertThat(cell(refused, "Result")).contains("Refused: this address is not allowed");
		assertThat(js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(Boolean.TRUE);
		screenshot("live-page-narrow.png");
	}

	private static void open(String url) {
		browser.get(url);
		waitUntil("the page loaded", (page) -> js("return document.readyState").equals("complete"));
	}

	private static void waitUntil(String what, Function<WebDriver, Boolean> condition) {
		new WebDriverWait(browser, PATIENCE)
			.withMessage(() -> what + "; the page says: " + browser.findElement(By.tagName("main")).getText())
			.until(condition);
	}

	private static Object js(String script) {
		return ((JavascriptExecutor) browser).executeScript(script);
	}

	private static String text(String id) {
		return browser.findElement(By.id(id)).getText();
	}

	private static WebElement button(String id) {
		return browser.findElement(By.id(id));
	}

	private static String state() {
		return browser.findElement(By.id("state")).getDomAttribute("data-state");
	}

	private static List<WebElement> rows() {
		return browser.findElements(By.cssSelector("#results tbody tr"));
	}

	private static String cell(String url, String column) {
		return rows().stream()
			.filter((row) -> row.findElement(By.cssSelector(".url")).getText().equals(url))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No row for " + url))
			.findElement(By.cssSelector("td[data-label='" + column + "']"))
			.getText();
	}

	private static List<String> browserErrors() {
		return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())
			.map(LogEntry::getMessage)
			.toList();
	}

	/**
	 * A screenshot of the whole page, under target/, for a person to look at.
	 */
	private static void screenshot(String name) throws IOException {
		Dimension window = browser.manage().window().getSize();
		long height = (Long) js("return document.documentElement.scrollHeight");
		long chrome = window.getHeight() - (Long) js("return window.innerHeight");
		browser.manage().window().setSize(new Dimension(window.getWidth(), (int) (height + chrome)));
		Files.write(Path.of("target", name), browser.getScreenshotAs(OutputType.BYTES));
		browser.manage().window().setSize(window);
	}

}
