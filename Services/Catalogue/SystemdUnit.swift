import Contracts

/// The systemd unit of a service (`deploy/systemd/rbn-<executable>.service`): its own system user,
/// its settings file, its data directory, and the hardening docs/operations.md promises.
public enum SystemdUnit {
    public static func fileName(_ service: SuiteService) -> String { "rbn-\(service.executable).service" }

    public static func text(_ service: SuiteService) -> String {
        let name = service.executable
        let data = "/var/lib/rbn/\(name)"
        return """
            # The rbn \(name) service. Install the binary as /usr/local/bin/\(name), create the user
            # (useradd --system --home \(data) --shell /usr/sbin/nologin rbn-\(name)) and put its
            # settings in /etc/rbn/\(name).env (mode 0600, owned by root; see rbn.env.example).
            # Generated from SuiteCatalogue by `make definitions`; edit the generator, not this file.
            [Unit]
            Description=rbn \(name) (Regionale Bildungsnetzwerke NRW)
            Documentation=file:///usr/share/doc/rbn/operations.md
            After=network-online.target rabbitmq-server.service
            Wants=network-online.target

            [Service]
            Type=simple
            User=rbn-\(name)
            Group=rbn-\(name)
            EnvironmentFile=/etc/rbn/\(name).env
            Environment=RBN_DATA_DIR=\(data)
            Environment=RBN_HTTP_ADDR=127.0.0.1:\(service.httpPort)
            Environment=RBN_LOG_FORMAT=json
            ExecStart=/usr/local/bin/\(name)
            # SIGTERM drains: stop consuming, finish in-flight work, flush the outbox.
            KillSignal=SIGTERM
            TimeoutStopSec=30
            Restart=on-failure
            RestartSec=2
            StateDirectory=rbn/\(name)
            StateDirectoryMode=0700
            # Hardening: read-only system, writes only to the service's own data directory.
            ProtectSystem=strict
            ReadWritePaths=\(data)
            ProtectHome=yes
            PrivateTmp=yes
            PrivateDevices=yes
            NoNewPrivileges=yes
            ProtectKernelTunables=yes
            ProtectKernelModules=yes
            ProtectControlGroups=yes
            RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
            RestrictNamespaces=yes
            LockPersonality=yes
            MemoryDenyWriteExecute=yes
            UMask=0077

            [Install]
            WantedBy=multi-user.target

            """
    }
}
