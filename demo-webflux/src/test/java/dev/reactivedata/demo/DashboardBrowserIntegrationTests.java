package dev.reactivedata.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivedata.monitoring.replication.ReplicaLag;
import dev.reactivedata.monitoring.replication.ReplicaLagSource;
import dev.reactivedata.testing.DataLayerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/servers} installs) loads the page, is given the admin key, sees live data arrive and the
 * Database view render, and saves screenshots under {@code target/}. Skipped where Chromium is not installed.
 * The replicas' lag comes from a source the test sets, as the read routing's poll would keep it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class DashboardBrowserIntegrationTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	static final DataLayerExtension dataLayer = DemoDataLayer.extension();

	@DynamicPropertySource
	static void dataLayerProperties(DynamicPropertyRegistry registry) {
		dataLayer.registerSpringProperties(registry);
	}

	private static final AtomicReference<List<ReplicaLag>> replicas = new AtomicReference<>(List.of());

	@LocalServerPort
	private int port;

	@Autowired
	private WebTestClient web;

	private WebDriver browser;

	private Path profile;

	@BeforeEach
	void startBrowser() throws IOException {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
		this.profile = Files.createTempDirectory("rdl-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1280,1500", "--force-device-scale-factor=2", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
	}

	@AfterEach
	void stopBrowser() throws IOException {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.profile != null) {
			try (var files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
		}
	}

	@Test
	void showsLiveDataAndTheDatabaseView() throws IOException {
		WebDriverWait wait = new WebDriverWait(this.browser, WAIT);
		this.browser.get("http://localhost:" + this.port + "/");
		assertThat(this.browser.findElement(By.id("status")).getText()).contains("enter the admin key");
		this.browser.findElement(By.id("key")).sendKeys("demo-admin-key");
		this.browser.findElement(By.cssSelector("#connect button[type=submit]")).click();
		wait.until(driver -> driver.findElement(By.id("status")).getText().equals("live"));
		for (int i = 0; i < 20; i++) {
			this.web.get().uri("/api/articles/{id}", UUID.randomUUID())
				.header("X-API-Key", "demo-acme-key")
				.exchange()
				.expectStatus().isNotFound();
		}
		wait.until(driver -> !driver.findElement(By.id("p99")).getText().equals("no data"));
		assertThat(this.browser.findElements(By.cssSelector("#chart-latency canvas"))).isNotEmpty();
		assertThat(this.browser.findElements(By.cssSelector(".u-legend"))).hasSize(4);
		// Crisp on high-DPI screens: the canvas has a device pixel per screen pixel.
		assertThat(((Number) ((JavascriptExecutor) this.browser).executeScript("var c = document.querySelector("
				+ "'#chart-latency canvas'); return c.width / c.getBoundingClientRect().width;")).doubleValue())
			.isCloseTo(2.0, within(0.05));
		JavascriptExecutor js = (JavascriptExecutor) this.browser;
		assertThat(js.executeScript("return sessionStorage.getItem('rdl-admin-key')")).isEqualTo("demo-admin-key");
		assertThat(js.executeScript("return localStorage.length")).isEqualTo(0L);
		assertThat(this.browser.getCurrentUrl()).doesNotContain("demo-admin-key");
		assertThat(this.browser.findElement(By.id("replicas")).getText()).isEqualTo("no replicas configured");
		replicas.set(List.of(new ReplicaLag("replica-0", 3 * 1024 * 1024, 1.5, true),
				new ReplicaLag("replica-1", 0, 42.0, false)));
		wait.until(driver -> driver.findElements(By.cssSelector("#replicas tbody tr")).size() == 2);
		assertThat(this.browser.findElement(By.cssSelector("#replicas tbody tr:nth-child(1)")).getText())
			.contains("replica-0", "serving reads", "3.0 MiB", "1.50 s");
		assertThat(this.browser.findElement(By.cssSelector("#replicas tbody tr:nth-child(2)")).getText())
			.contains("replica-1", "skipped", "0 B", "42.0 s");
		screenshot("dashboard-live.png");

		this.browser.findElement(By.id("tab-db")).click();
		wait.until(driver -> driver.findElement(By.id("db-status")).getText().contains("PostgreSQL"));
		assertThat(this.browser.findElements(By.cssSelector("#checks .check"))).hasSizeGreaterThan(10);
		assertThat(this.browser.findElement(By.cssSelector("#checks [data-check=unusedIndexes]")).getText())
			.contains("not enough data yet");
		assertThat(this.browser.findElement(By.id("space")).getText()).contains("Database");
		screenshot("dashboard-database.png");

		// A phone-sized window: one column, nothing cut off sideways.
		this.browser.manage().window().setSize(new Dimension(390, 1400));
		this.browser.findElement(By.id("tab-live")).click();
		wait.until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver)
			.executeScript("return document.documentElement.scrollWidth <= window.innerWidth")));
		screenshot("dashboard-narrow.png");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Replicas {

		@Bean
		ReplicaLagSource replicaLagSource() {
			return replicas::get;
		}

	}

	private void screenshot(String name) throws IOException {
		File shot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", name);
		Files.createDirectories(target.getParent());
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

}
