import Contracts

/// `deploy/compose.yaml`: the broker and every service of the catalogue, each in a container of
/// its own from one image, connecting as its own broker user.
public enum ComposeFile {
    public static func text(_ services: [SuiteService]) -> String {
        var text = """
            # The broker and the suite's services, each connecting as its own broker user.
            # Generated from SuiteCatalogue by `make definitions`; edit the generator, not this file.
            #
            #   deploy/rabbitmq/users deploy/secrets broker:5672   # passwords, hashed definitions, configs
            #   docker compose -f deploy/compose.yaml up --build
            #
            # deploy/secrets/ is made on the machine (mode 0600) and never committed; compose reads each
            # service's <user>.env there and hands the broker URL to the container's environment. The services'
            # stores live in the named volumes; their health and metrics are on each container's port 8080.
            name: rbn

            x-service: &service
              build:
                context: ..
                dockerfile: deploy/Dockerfile
              image: rbn:latest
              restart: on-failure
              depends_on:
                broker:
                  condition: service_healthy
              environment:
                RBN_DATA_DIR: /var/lib/rbn
                RBN_HTTP_ADDR: 0.0.0.0:8080
                RBN_LOG_FORMAT: json
              read_only: true
              security_opt: ["no-new-privileges:true"]
              healthcheck:
                test: ["CMD", "curl", "-sf", "http://127.0.0.1:8080/health/ready"]
                interval: 10s
                timeout: 3s
                retries: 6

            services:
              broker:
                image: rabbitmq:3.12
                hostname: broker
                volumes:
                  - ./rabbitmq/compose.conf:/etc/rabbitmq/conf.d/20-rbn.conf:ro
                  - ./secrets/definitions.json:/etc/rabbitmq/definitions.json:ro
                  - broker:/var/lib/rabbitmq
                healthcheck:
                  test: ["CMD", "rabbitmq-diagnostics", "-q", "check_port_connectivity"]
                  interval: 10s
                  timeout: 10s
                  retries: 12

            """
        for s in services {
            text += """

                  \(s.executable):
                    <<: *service
                    command: ["\(s.executable)"]
                    env_file: ./secrets/\(s.name).env
                    volumes: ["\(s.executable):/var/lib/rbn"]

                """
        }
        text += "\nvolumes:\n  broker:\n"
        for s in services { text += "  \(s.executable):\n" }
        return text
    }
}
