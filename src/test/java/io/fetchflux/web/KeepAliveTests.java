package io.fetchflux.web;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.fetchflux.FetchfluxTest;
import io.fetchflux.StubUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests on one keep-alive connection, as a browser or a proxy sends them: the next one may
 * arrive before the server has finished with the last, whose answer is written from another
 * event loop (the upstream's). Every one of them is answered.
 */
@FetchfluxTest
class KeepAliveTests {

	private final StubUpstream stub = StubUpstream.get();

	@LocalServerPort
	private int port;

	@Test
	void requestsPipelinedBehindAnAnswerFromTheUpstreamAreAllAnswered() throws IOException {
		String slow = "/api/fetch?url=" + URLEncoder.encode(this.stub.url("/slow/50"), StandardCharsets.UTF_8);
		// Answered at once, without the upstream: a missing parameter is a problem straight away.
		String immediate = "/api/fetch";
		List<String> paths = List.of(slow, immediate, immediate, slow, immediate);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			StringBuilder requests = new StringBuilder();
			for (String path : paths) {
				requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n\r\n");
			}
			out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < paths.size(); i++) {
				statuses.add(readResponse(in));
			}
			assertThat(statuses).containsExactly(200, 400, 400, 200, 400);
		}
	}

	@Test
	void eachRequestSentTheMomentTheLastAnswerArrivedIsAnswered() throws IOException {
		// Neither answer is stored, so each request goes to the upstream; neither is a logged failure.
		String upstream = "/api/fetch?url=" + URLEncoder.encode(this.stub.url("/status/200"), StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			for (int i = 0; i < 200; i++) {
				String path = (i % 2 == 0) ? upstream : "/api/fetch";
				out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertThat(readResponse(in)).as("answer %d", i).isEqualTo((i % 2 == 0) ? 200 : 400);
			}
		}
	}

	/**
	 * Read one response with a {@code Content-Length} body.
	 * @return its status
	 */
	private static int readResponse(InputStream in) throws IOException {
		String statusLine = readLine(in);
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		int length = 0;
		for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
			if (line.toLowerCase().startsWith("content-length:")) {
				length = Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		assertThat(in.readNBytes(length)).hasSize(length);
		return status;
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("The connection closed mid-response");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

}
