package io.fetchflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class FetchfluxApplication {

	public static void main(String[] args) {
		SpringApplication.run(FetchfluxApplication.class, args);
	}

}
