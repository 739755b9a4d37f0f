package io.fetchflux.page;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver. Both are named explicitly, so
 * that Selenium Manager never tries to download a driver or a browser; where they are absent the
 * test class is skipped with the command that installs them.
 */
final class Chromium {

	private static final Path BROWSER = Path.of("/usr/bin/chromium");

	private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	private Chromium() {
	}

	/**
	 * Skip the calling test where Chromium or its driver is not installed. Called before each
	 * test rather than once per class, so that every skipped test is reported with the reason.
	 */
	static void assumeInstalled() {
		assumeTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
				"Chromium not installed: apt-get install -y chromium chromium-driver");
	}

	/**
	 * Start a headless browser.
	 * @param width the window's width in CSS pixels
	 * @param height the window's height in CSS pixels
	 * @return the browser, to be quit by the caller
	 */
	static ChromeDriver start(int width, int height) {
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER.toFile());
		// Root in a container: no user namespace sandbox, and a /dev/shm too small for Chromium.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=en-US",
				"--window-size=" + width + "," + height);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
		return new ChromeDriver(service, options);
	}

}
