package io.fetchflux.fetch;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Makes the {@link DestinationPolicy} bean honour every {@link FetchProperties} destination
 * setting ({@code allowed-networks}, {@code denied-networks}, {@code allowed-ports}): a policy
 * that was built from the allowed networks alone is replaced by one built from the properties.
 * A bridge until {@code FetchClientConfiguration} builds the policy with
 * {@code new DestinationPolicy(properties)}; it then has nothing left to do and can be removed.
 */
@Component
class DestinationPolicyBinding implements BeanPostProcessor {

	private final ObjectProvider<FetchProperties> properties;

	DestinationPolicyBinding(ObjectProvider<FetchProperties> properties) {
		this.properties = properties;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DestinationPolicy policy && policy.isLegacy()) {
			return new DestinationPolicy(this.properties.getObject());
		}
		return bean;
	}

}
