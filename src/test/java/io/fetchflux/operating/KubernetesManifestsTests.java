package io.fetchflux.operating;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fetchflux.ApplicationYaml;
import io.fetchflux.policy.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests in {@code deploy/kubernetes} agree with what the service runs with: the probes
 * reach the actuator where {@code application.yml} and the Deployment's environment put it, the
 * memory limit covers the caps of {@code jvm.options}, a shutdown fits in the grace period, the
 * container is locked down, and the network policy keeps fetches off the cluster's networks.
 */
class KubernetesManifestsTests {

	private static final Path DIRECTORY = Path.of("deploy", "kubernetes");

	/**
	 * What the JVM uses beyond the heap and direct memory: metaspace (about 96 MiB for Spring Boot
	 * and Netty), the code cache (about 48 MiB) and thread stacks, collector and malloc arenas
	 * (about 48 MiB). The benchmark's peak RSS at 10,000 connections, 604 MiB, is within it.
	 */
	private static final DataSize NON_HEAP_ALLOWANCE = DataSize.ofMegabytes(192);

	/**
	 * The limit must exceed the estimate by this factor, so that an underestimate ends in a full
	 * heap rather than in the kernel's OOM killer.
	 */
	private static final double HEADROOM = 1.2;

	private final ApplicationYaml application = ApplicationYaml.root();

	private final Map<String, Object> deployment = manifest("Deployment");

	private final Map<String, Object> pod = map(map(this.deployment.get("spec")).get("template"));

	private final Map<String, Object> podSpec = map(this.pod.get("spec"));

	private final Map<String, Object> container = map(list(this.podSpec.get("containers")).get(0));

	@Test
	void kustomizationListsEveryManifest() throws IOException {
		List<Object> resources = list(load(DIRECTORY.resolve("kustomization.yaml")).get("resources"));
		try (Stream<Path> files = Files.list(DIRECTORY)) {
			assertThat(files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))).containsExactlyInAnyOrderElementsOf(
						resources.stream().map(Object::toString).toList());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "startupProbe", "livenessProbe", "readinessProbe" })
	void probesReachTheActuatorHealthGroups(String probe) {
		assertThat(this.application.value("management.endpoint.health.probes.enabled")).isEqualTo(true);
		Map<String, Object> httpGet = map(map(this.container.get(probe)).get("httpGet"));
		String group = probe.equals("readinessProbe") ? "readiness" : "liveness";
		assertThat(httpGet.get("path")).isEqualTo(basePath() + "/health/" + group);
		assertThat(containerPort(httpGet.get("port"))).isEqualTo(managementPort());
	}

	@Test
	void serviceAndMainContainerPortAreTheServerPort() {
		assertThat(containerPort("http")).isEqualTo(serverPort());
		Map<String, Object> servicePort = map(list(map(manifest("Service").get("spec")).get("ports")).get(0));
		assertThat(containerPort(servicePort.get("targetPort"))).isEqualTo(serverPort());
		assertThat(managementPort()).as("the management port is not the Service's").isNotEqualTo(serverPort());
	}

	@Test
	void prometheusScrapesTheManagementPort() {
		Map<String, Object> annotations = map(map(this.pod.get("metadata")).get("annotations"));
		assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
			.containsEntry("prometheus.io/path", basePath() + "/prometheus")
			.containsEntry("prometheus.io/port", String.valueOf(managementPort()));
	}

	@Test
	void memoryLimitCoversTheJvmCapsWithHeadroom() throws IOException {
		String options = Files.readString(Path.of("jvm.options"));
		DataSize heap = jvmSize(options, "-Xmx(\\d+[kmgKMG])");
		DataSize direct = jvmSize(options, "-XX:MaxDirectMemorySize=(\\d+[kmgKMG])");
		long estimate = heap.toBytes() + direct.toBytes() + NON_HEAP_ALLOWANCE.toBytes();
		Map<String, Object> resources = map(this.container.get("resources"));
		long limit = quantity(map(resources.get("limits")).get("memory"));
		assertThat(limit).as("memory limit against %s + %s + %s", heap, direct, NON_HEAP_ALLOWANCE)
			.isGreaterThanOrEqualTo((long) (estimate * HEADROOM));
		assertThat(quantity(map(resources.get("requests")).get("memory"))).as("requested as much as the limit")
			.isEqualTo(limit);
		assertThat(map(resources.get("requests"))).as("a CPU request, which the autoscaler measures against")
			.containsKey("cpu");
	}

	@Test
	void shutdownFitsInTheGracePeriod() {
		Map<String, Object> preStop = map(map(this.container.get("lifecycle")).get("preStop"));
		List<Object> command = list(map(preStop.get("exec")).get("command"));
		assertThat(command).hasSize(2).first().isEqualTo("sleep");
		Duration pause = Duration.ofSeconds(Long.parseLong(command.get(1).toString()));
		assertThat(pause).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
		assertThat(this.application.value("server.shutdown")).isEqualTo("graceful");
		Duration drain = this.application.duration("spring.lifecycle.timeout-per-shutdown-phase");
		Duration grace = Duration.ofSeconds(((Number) this.podSpec.get("terminationGracePeriodSeconds")).longValue());
		assertThat(grace).isGreaterThan(pause.plus(drain));
	}

	@Test
	void containerRunsLockedDown() {
		Map<String, Object> podSecurity = map(this.podSpec.get("securityContext"));
		Map<String, Object> security = map(this.container.get("securityContext"));
		assertThat(podSecurity).containsEntry("runAsNonRoot", true);
		assertThat(map(podSecurity.get("seccompProfile"))).containsEntry("type", "RuntimeDefault");
		assertThat(security).containsEntry("runAsNonRoot", true)
			.containsEntry("allowPrivilegeEscalation", false)
			.containsEntry("readOnlyRootFilesystem", true);
		assertThat(list(map(security.get("capabilities")).get("drop"))).containsExactly("ALL");
		assertThat(security).as("nothing that loosens the pod's settings").doesNotContainKeys("privileged", "runAsUser");
		Map<String, Object> tmp = map(list(this.container.get("volumeMounts")).get(0));
		assertThat(tmp).containsEntry("mountPath", "/tmp");
		Map<String, Object> volume = map(list(this.podSpec.get("volumes")).stream()
			.filter((candidate) -> map(candidate).get("name").equals(tmp.get("name")))
			.findFirst()
			.orElseThrow());
		assertThat(volume).containsKey("emptyDir");
	}

	@Test
	void egressReachesOnlyDnsAndPublicAddresses() throws Exception {
		Map<String, Object> spec = map(manifest("NetworkPolicy").get("spec"));
		assertThat(list(spec.get("policyTypes"))).contains("Ingress", "Egress");
		assertThat(map(spec.get("podSelector")).get("matchLabels")).isEqualTo(podLabels());
		List<Map<String, Object>> ipBlocks = new ArrayList<>();
		boolean dns = false;
		for (Object rule : list(spec.get("egress"))) {
			List<Object> to = list(map(rule).get("to"));
			assertThat(to).as("an egress rule without 'to' would allow every destination").isNotEmpty();
			for (Object peer : to) {
				Map<String, Object> target = map(peer);
				if (target.containsKey("ipBlock")) {
					ipBlocks.add(map(target.get("ipBlock")));
				}
				else {
					assertThat(map(target.get("podSelector")).get("matchLabels")).isEqualTo(Map.of("k8s-app", "kube-dns"));
					assertThat(list(map(rule).get("ports"))).containsExactlyInAnyOrder(Map.of("port", 53, "protocol", "UDP"),
							Map.of("port", 53, "protocol", "TCP"));
					dns = true;
				}
			}
		}
		assertThat(dns).as("DNS to kube-dns is allowed").isTrue();
		assertThat(ipBlocks).extracting((block) -> block.get("cidr")).containsExactlyInAnyOrder("0.0.0.0/0", "::/0");
		for (String refused : List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
				"169.254.0.0/16", "169.254.169.254/32", "fc00::/7", "fe80::/10", "fd00:ec2::254/128")) {
			Cidr network = Cidr.of(refused);
			assertThat(ipBlocks).as(refused + " is excluded").anySatisfy((block) -> assertThat(excepts(block))
				.anySatisfy((except) -> assertThat(covers(except, network)).isTrue()));
		}
	}

	@Test
	void ingressAllowsTheServicePort() {
		Map<String, Object> spec = map(manifest("NetworkPolicy").get("spec"));
		assertThat(list(spec.get("ingress"))).anySatisfy((rule) -> {
			assertThat(map(rule)).doesNotContainKey("from");
			assertThat(list(map(rule).get("ports"))).extracting((port) -> containerPort(map(port).get("port")))
				.containsExactly(serverPort());
		});
	}

	@Test
	void autoscalerBudgetAndServiceSelectTheDeployment() {
		Map<String, Object> hpa = manifest("HorizontalPodAutoscaler");
		assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
		Map<String, Object> hpaSpec = map(hpa.get("spec"));
		assertThat(map(hpaSpec.get("scaleTargetRef"))).containsEntry("kind", "Deployment")
			.containsEntry("name", map(this.deployment.get("metadata")).get("name"));
		assertThat(list(hpaSpec.get("metrics"))).anySatisfy((metric) -> assertThat(map(map(metric).get("resource")))
			.containsEntry("name", "cpu"));
		assertThat(((Number) hpaSpec.get("minReplicas")).intValue()).isGreaterThanOrEqualTo(2);
		Map<String, Object> pdb = map(manifest("PodDisruptionBudget").get("spec"));
		assertThat(map(pdb.get("selector")).get("matchLabels")).isEqualTo(podLabels());
		assertThat(((Number) pdb.get("minAvailable")).intValue()).isLessThan(((Number) hpaSpec.get("minReplicas")).intValue());
		assertThat(map(manifest("Service").get("spec")).get("selector")).isEqualTo(podLabels());
	}

	private Object podLabels() {
		return map(this.pod.get("metadata")).get("labels");
	}

	private int serverPort() {
		String fromEnvironment = environment("SERVER_PORT");
		return Integer.parseInt((fromEnvironment != null) ? fromEnvironment : this.application.value("server.port").toString());
	}

	private int managementPort() {
		String fromEnvironment = environment("MANAGEMENT_SERVER_PORT");
		Object configured = (fromEnvironment != null) ? fromEnvironment : this.application.value("management.server.port");
		return (configured != null) ? Integer.parseInt(configured.toString()) : serverPort();
	}

	private String basePath() {
		Object basePath = this.application.value("management.endpoints.web.base-path");
		return (basePath != null) ? basePath.toString() : "/actuator";
	}

	private String environment(String name) {
		return list(this.container.get("env")).stream()
			.map(KubernetesManifestsTests::map)
			.filter((variable) -> name.equals(variable.get("name")))
			.map((variable) -> variable.get("value").toString())
			.findFirst()
			.orElse(null);
	}

	/**
	 * A port given by number or by the name of one of the container's ports.
	 */
	private int containerPort(Object port) {
		if (port instanceof Number number) {
			return number.intValue();
		}
		return list(this.container.get("ports")).stream()
			.map(KubernetesManifestsTests::map)
			.filter((candidate) -> port.equals(candidate.get("name")))
			.map((candidate) -> ((Number) candidate.get("containerPort")).intValue())
			.findFirst()
			.orElseThrow(() -> new AssertionError("No container port named " + port));
	}

	private static List<Cidr> excepts(Map<String, Object> block) {
		return list(block.getOrDefault("except", List.of())).stream().map((except) -> Cidr.of(except.toString())).toList();
	}

	private static boolean covers(Cidr outer, Cidr inner) {
		return outer.network().getAddress().length == inner.network().getAddress().length
				&& outer.prefixLength() <= inner.prefixLength() && outer.contains(inner.network());
	}

	private static DataSize jvmSize(String options, String regex) {
		Matcher matcher = Pattern.compile("(?m)^" + regex + "\\s*$").matcher(options);
		assertThat(matcher.find()).as(regex + " in jvm.options").isTrue();
		String size = matcher.group(1).toUpperCase();
		return DataSize.parse(size + "B");
	}

	/**
	 * A Kubernetes memory quantity in binary units, such as {@code 1Gi} or {@code 768Mi}.
	 */
	private static long quantity(Object value) {
		Matcher matcher = Pattern.compile("(\\d+)(Ki|Mi|Gi)").matcher(value.toString());
		assertThat(matcher.matches()).as("binary quantity " + value).isTrue();
		long number = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "Ki" -> number << 10;
			case "Mi" -> number << 20;
			default -> number << 30;
		};
	}

	private static Map<String, Object> manifest(String kind) {
		try (Stream<Path> files = Files.list(DIRECTORY)) {
			return files.filter((file) -> !file.getFileName().toString().equals("kustomization.yaml"))
				.map(KubernetesManifestsTests::load)
				.filter((document) -> kind.equals(document.get("kind")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No " + kind + " in " + DIRECTORY));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private static Map<String, Object> load(Path file) {
		try (Reader reader = Files.newBufferedReader(file)) {
			return map(new Yaml().load(reader));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

}
