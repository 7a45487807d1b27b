package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;

import java.util.function.IntSupplier;

/**
 * Assembles the management route table from the resources, as {@code rabbit_mgmt_dispatcher} lists its
 * dispatch rules: one line per resource, the paths inside each resource class.
 */
final class ApiRoutes {
    private ApiRoutes() {
    }

    static Routes build(BrokerAdmin admin, BasicAuth auth, IntSupplier port, IntSupplier tlsPort) {
        Routes r = new Routes(auth);
        Listeners listeners = new Listeners(admin, port, tlsPort);
        new OverviewResource(admin, listeners).register(r);
        new QueuesResource(admin).register(r);
        new QueueResource(admin).register(r);
        new ExchangesResource(admin).register(r);
        new BindingsResource(admin).register(r);
        new ConnectionsResource(admin).register(r);
        new ChannelsResource(admin).register(r);
        new ConsumersResource(admin).register(r);
        new VhostsResource(admin).register(r);
        new LimitsResource(admin).register(r);
        new UsersResource(admin).register(r);
        new PermissionsResource(admin).register(r);
        new PoliciesResource(admin, false).register(r);
        new PoliciesResource(admin, true).register(r);
        new ParametersResource(admin).register(r);
        new GlobalParametersResource(admin).register(r);
        new DefinitionsResource(admin).register(r);
        new HealthResource(admin, listeners).register(r);
        StaticAssets assets = new StaticAssets();
        r.fallback(assets::serve);
        return r;
    }
}
