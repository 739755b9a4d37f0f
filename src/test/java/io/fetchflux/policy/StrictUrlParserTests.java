package io.fetchflux.policy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StrictUrlParserTests {

	@ParameterizedTest
	@CsvSource(delimiterString = " | ", value = {
			"HTTPS://Example.COM./a%20b?q=1#fragment | https://example.com/a%20b?q=1",
			"http://example.com | http://example.com/",
			"http://example.com?q | http://example.com/?q",
			"http://example.com:8080/x | http://example.com:8080/x",
			"http://EXAMPLE.com:65535/ | http://example.com:65535/",
			"http://127.0.0.1:1/ | http://127.0.0.1:1/",
			"http://[2001:4860:4860::8888]/ | http://[2001:4860:4860::8888]/",
			"http://[2001:4860:4860:0:0:0:0:8888]:8443/ | http://[2001:4860:4860::8888]:8443/",
			"http://[::FFFF:127.0.0.1]/ | http://127.0.0.1/",
			"http://[0:0:0:0:0:ffff:7f00:1]/ | http://127.0.0.1/",
			"http://bücher.example/straße?ä=ö | http://xn--bcher-kva.example/stra%C3%9Fe?%C3%A4=%C3%B6",
			"http://BÜCHER.example./ | http://xn--bcher-kva.example/",
			"http://ｅｘａｍｐｌｅ。com/ | http://example.com/",
			"http://127。0。0。1/ | http://127.0.0.1/",
			"http://127．0．0．1/ | http://127.0.0.1/",
			"http://127｡0｡0｡1/ | http://127.0.0.1/",
			"http://１２７.０.０.１/ | http://127.0.0.1/",
			"http://example.com/a|b^c`d{e}<f>\"g\"?h=[1] | http://example.com/a%7Cb%5Ec%60d%7Be%7D%3Cf%3E%22g%22?h=[1]",
			"http://example.com/#@evil.com/ | http://example.com/",
			"http://127.0.0.1#@evil.com/ | http://127.0.0.1/",
			"http://example.com/path/@user?x=a@b | http://example.com/path/@user?x=a@b",
			"http://1e100.net/ | http://1e100.net/", "http://127.0.0.1./ | http://127.0.0.1/",
			"http://xn--bcher-kva.example/ | http://xn--bcher-kva.example/" })
	void readsAndNormalises(String url, String expected) {
		assertThat(StrictUrlParser.parse(url).toUri()).isEqualTo(URI.create(expected));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1/", "http://[::1]/", "http://[::ffff:10.0.0.1]/", "http://127。0。0。1/",
			"http://[fd00:ec2::254]/" })
	void ipLiteralsAreReadAsAddressesWithoutDns(String url) {
		assertThat(StrictUrlParser.parse(url).address()).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost/", "http://127.0.0.1.nip.io/", "http://0x7f.example/" })
	void namesAreNotAddresses(String url) {
		assertThat(StrictUrlParser.parse(url).address()).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "http://example.com/, 80", "https://example.com/, 443", "http://example.com:8443/, 8443",
			"https://example.com:80/, 80" })
	void effectivePortIsTheSchemeDefaultUnlessGiven(String url, int port) {
		assertThat(StrictUrlParser.parse(url).effectivePort()).isEqualTo(port);
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// schemes and shape
			"", "example.com", "//example.com/", "/relative", "file:///etc/passwd", "gopher://127.0.0.1:70/_x",
			"dict://127.0.0.1:11211/stat", "ftp://example.com/", "jar:http://example.com/a.jar!/", "netdoc:///etc/passwd",
			"data:text/plain,hi", "ldap://example.com/", "sftp://example.com/", "tftp://example.com/", "ws://example.com/",
			"https:example.com", "http:/example.com/", "http:\\\\example.com/", "1http://example.com/",
			// userinfo
			"http://a@example.com/", "http://user:pass@example.com/", "http://evil.com@127.0.0.1/", "http://@example.com/",
			"http://example.com:80@127.0.0.1/", "http://127.0.0.1:80\\@evil.com/",
			// control characters and whitespace
			"http://example.com/a b", "http://example.com/\r\nHost: evil", "http://exa\tmple.com/",
			"http://example.com/\u0000", "http://example.com/\u0085", "http://example.com/\u00a0",
			"http://example.com/\u2028", "http://exam\u200bple.com/",
			// empty host
			"http:///path", "http://:80/", "http://?x", "http://#x", "http://./", "http://../", "http://a..b/",
			// ports
			"http://example.com:0/", "http://example.com:65536/", "http://example.com:99999/", "http://example.com:+80/",
			"http://example.com:-80/", "http://example.com:080/", "http://example.com:00080/", "http://example.com:/",
			"http://example.com:8o/", "http://example.com:80:80/", "http://[::1]80/", "http://example.com:１/",
			// numeric host forms
			"http://2130706433/", "http://017700000001/", "http://0x7f000001/", "http://0177.0.0.1/", "http://0x7f.0.0.1/",
			"http://0x7f.1/", "http://127.1/", "http://127.0.1/", "http://127.000.000.001/", "http://127.0.0.01/",
			"http://0/", "http://0.0.0/", "http://256.0.0.1/", "http://1.2.3.4.5/", "http://example.123/",
			"http://example.0x10/", "http://0x/", "http://127.0.0.1../", "http://１２７.１/",
			// IPv6 forms
			"http://::1/", "http://[::1/", "http://[::1]x/", "http://[fe80::1%25eth0]/", "http://[fe80::1%eth0]/",
			"http://[v1.fe80::1]/", "http://[::ffff:127.1]/", "http://[::ffff:0177.0.0.1]/", "http://[1:2:3:4:5:6:7:8:9]/",
			"http://[1::2::3]/", "http://[12345::1]/", "http://[::127.0.0.1:1]/", "http://[]/", "http://[127.0.0.1]/",
			"http://[g::1]/",
			// percent-encoding and malformed host names
			"http://%31%32%37.0.0.1/", "http://127%2E0%2E0%2E1/", "http://%6c%6f%63%61%6c%68%6f%73%74/",
			"http://exa%00mple.com/", "http://-example.com/", "http://example-.com/", "http://exa$mple.com/",
			"http://example.com/%zz", "http://my_host.example.com/", "http://127.0.0.1／.example.com/",
			"http://example.com／path", "http://a。。b/", "http://ex‮ample.com/", "http://ex­ample..com/", "http://example.com/%4", "http://xn--a.example/",
			"http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/" })
	void refusesWhatItCannotReadUnambiguously(String url) {
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> StrictUrlParser.parse(url));
	}

	@ParameterizedTest
	@CsvSource({ "::1, 0:0:0:0:0:0:0:1", "::, 0:0:0:0:0:0:0:0", "1::, 1:0:0:0:0:0:0:0", "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
			"1:2:3:4:5:6::8, 1:2:3:4:5:6:0:8", "::1.2.3.4, 0:0:0:0:0:0:102:304", "64:ff9b::192.0.2.33, 64:ff9b:0:0:0:0:c000:221",
			"FE80::ABCD, fe80:0:0:0:0:0:0:abcd" })
	void readsIpv6TextForms(String text, String expected) throws UnknownHostException {
		assertThat(StrictUrlParser.ipv6(text)).isEqualTo(InetAddress.getByName(expected));
	}

}
