namespace SanSim.Tests.Scenarios.Loading;

/// <summary>A small valid scenario the loader tests vary one line at a time.</summary>
internal static class LoaderText
{
    public const string Minimal = """
        name: small
        target:
          luns:
            - { lun: 1, size: 1GiB }
            - { lun: 12, size: 2048 }
          ports:
            - { port: 3, frontend: camtgt, wwpn: naa.21000024ff56f970 }
            - { port: 5, frontend: iscsi, target: "iqn.2005-10.org.freenas.ctl:x", lunmap: { 0: 12 } }
        hosts:
          - name: desktop
            os: windows
            paths: [ { port: 3, wwpn: naa.2100001b32a1b2c3 } ]
          - name: node
            os: linux
            kernel: "5.10"
            paths: [ { port: 5, iqn: "iqn.1993-08.org.debian:01:a" } ]
            mounts: [ { lun: 12, device: sdb } ]
        timeline:
          - { at: 10s, host: desktop, do: sleep }
          - { at: 1h30m, host: desktop, do: wake }
        expect:
          - { host: node, mount: sdb, is: ro }

        """;
}
