namespace SanSim.Target.Ctladm;

/// <summary>ctladm's usage() output (FreeBSD 11 ctladm.c), printed to stdout for "help" and to stderr on error.</summary>
internal static class CtladmUsage
{
    /// <summary>CTL_DEFAULT_DEV, the control device ctladm opens.</summary>
    public const string DefaultDevice = "/dev/cam/ctl";

    public static readonly string Text =
        "Usage:\n" +
        "Primary commands:\n" +
        "         ctladm tur         [dev_id][general options]\n" +
        "         ctladm inquiry     [dev_id][general options]\n" +
        "         ctladm devid       [dev_id][general options]\n" +
        "         ctladm reqsense    [dev_id][general options]\n" +
        "         ctladm reportluns  [dev_id][general options]\n" +
        "         ctladm read        [dev_id][general options] <-l lba> <-d len>\n" +
        "                            <-f file|-> <-b blocksize> [-c cdbsize][-N]\n" +
        "         ctladm write       [dev_id][general options] <-l lba> <-d len>\n" +
        "                            <-f file|-> <-b blocksize> [-c cdbsize][-N]\n" +
        "         ctladm readcap     [dev_id][general options] [-c cdbsize]\n" +
        "         ctladm modesense   [dev_id][general options] <-m page|-l> [-P pc]\n" +
        "                            [-d] [-S subpage] [-c cdbsize]\n" +
        "         ctladm prin        [dev_id][general options] <-a action>\n" +
        "         ctladm prout       [dev_id][general options] <-a action>\n" +
        "                            <-r restype] [-k key] [-s sa_key]\n" +
        "         ctladm rtpg        [dev_id][general options]\n" +
        "         ctladm start       [dev_id][general options] [-i] [-o]\n" +
        "         ctladm stop        [dev_id][general options] [-i] [-o]\n" +
        "         ctladm synccache   [dev_id][general options] [-l lba]\n" +
        "                            [-b blockcount] [-r] [-i] [-c cdbsize]\n" +
        "         ctladm create      <-b backend> [-B blocksize] [-d device_id]\n" +
        "                            [-l lun_id] [-o name=value] [-s size_bytes]\n" +
        "                            [-S serial_num] [-t dev_type]\n" +
        "         ctladm remove      <-b backend> <-l lun_id> [-o name=value]\n" +
        "         ctladm modify      <-b backend> <-l lun_id> <-s size_bytes>\n" +
        "         ctladm devlist     [-b backend] [-v] [-x]\n" +
        "         ctladm shutdown\n" +
        "         ctladm startup\n" +
        "         ctladm lunlist\n" +
        "         ctladm lunmap      -p targ_port [-l pLUN] [-L cLUN]\n" +
        "         ctladm delay       [dev_id] <-l datamove|done> [-T oneshot|cont]\n" +
        "                            [-t secs]\n" +
        "         ctladm realsync    <on|off|query>\n" +
        "         ctladm setsync     [dev_id] <-i interval>\n" +
        "         ctladm getsync     [dev_id]\n" +
        "         ctladm inject      [dev_id] <-i action> <-p pattern> [-r lba,len]\n" +
        "                            [-s len fmt [args]] [-c] [-d delete_id]\n" +
        "         ctladm port        <-l | -o <on|off> | [-w wwnn][-W wwpn]>\n" +
        "                            [-p targ_port] [-t port_type] [-q] [-x]\n" +
        "         ctladm portlist    [-f frontend] [-i] [-p targ_port] [-q] [-v] [-x]\n" +
        "         ctladm islist      [-v | -x]\n" +
        "         ctladm islogout    <-a | -c connection-id | -i name | -p portal>\n" +
        "         ctladm isterminate <-a | -c connection-id | -i name | -p portal>\n" +
        "         ctladm dumpooa\n" +
        "         ctladm dumpstructs\n" +
        "         ctladm help\n" +
        "General Options:\n" +
        "-I intiator_id           : defaults to 7, used to change the initiator id\n" +
        "-C retries               : specify the number of times to retry this command\n" +
        "-D devicename            : specify the device to operate on\n" +
        "                         : (default is " + DefaultDevice + ")\n" +
        "read/write options:\n" +
        "-l lba                   : logical block address\n" +
        "-d len                   : read/write length, in blocks\n" +
        "-f file|-                : write/read data to/from file or stdout/stdin\n" +
        "-b blocksize             : block size, in bytes\n" +
        "-c cdbsize               : specify minimum cdb size: 6, 10, 12 or 16\n" +
        "-N                       : do not copy data to/from userland\n" +
        "readcapacity options:\n" +
        "-c cdbsize               : specify minimum cdb size: 10 or 16\n" +
        "modesense options:\n" +
        "-m page                  : specify the mode page to view\n" +
        "-l                       : request a list of supported pages\n" +
        "-P pc                    : specify the page control value: 0-3 (current,\n" +
        "                           changeable, default, saved, respectively)\n" +
        "-d                       : disable block descriptors for mode sense\n" +
        "-S subpage               : specify a subpage\n" +
        "-c cdbsize               : specify minimum cdb size: 6 or 10\n" +
        "persistent reserve in options:\n" +
        "-a action                : specify the action value: 0-2 (read key, read\n" +
        "                           reservation, read capabilities, respectively)\n" +
        "persistent reserve out options:\n" +
        "-a action                : specify the action value: 0-5 (register, reserve,\n" +
        "                           release, clear, preempt, register and ignore)\n" +
        "-k key                   : key value\n" +
        "-s sa_key                : service action value\n" +
        "-r restype               : specify the reservation type: 0-5(wr ex, ex ac,\n" +
        "                           wr ex ro, ex ac ro, wr ex ar, ex ac ar)\n" +
        "start/stop options:\n" +
        "-i                       : set the immediate bit (CTL does not support this)\n" +
        "-o                       : set the on/offline bit\n" +
        "synccache options:\n" +
        "-l lba                   : set the starting LBA\n" +
        "-b blockcount            : set the length to sync in blocks\n" +
        "-r                       : set the relative addressing bit\n" +
        "-i                       : set the immediate bit\n" +
        "-c cdbsize               : specify minimum cdb size: 10 or 16\n" +
        "create options:\n" +
        "-b backend               : backend name (\"block\", \"ramdisk\", etc.)\n" +
        "-B blocksize             : LUN blocksize in bytes (some backends)\n" +
        "-d device_id             : SCSI VPD page 0x83 ID\n" +
        "-l lun_id                : requested LUN number\n" +
        "-o name=value            : backend-specific options, multiple allowed\n" +
        "-s size_bytes            : LUN size in bytes (some backends)\n" +
        "-S serial_num            : SCSI VPD page 0x80 serial number\n" +
        "-t dev_type              : SCSI device type (0=disk, 3=processor)\n" +
        "remove options:\n" +
        "-b backend               : backend name (\"block\", \"ramdisk\", etc.)\n" +
        "-l lun_id                : LUN number to delete\n" +
        "-o name=value            : backend-specific options, multiple allowed\n" +
        "devlist options:\n" +
        "-b backend               : list devices from specified backend only\n" +
        "-v                       : be verbose, show backend attributes\n" +
        "-x                       : dump raw XML\n" +
        "delay options:\n" +
        "-l datamove|done         : delay command at datamove or done phase\n" +
        "-T oneshot               : delay one command, then resume normal completion\n" +
        "-T cont                  : delay all commands\n" +
        "-t secs                  : number of seconds to delay\n" +
        "inject options:\n" +
        "-i error_action          : action to perform\n" +
        "-p pattern               : command pattern to look for\n" +
        "-r lba,len               : LBA range for pattern\n" +
        "-s len fmt [args]        : sense data for custom sense action\n" +
        "-c                       : continuous operation\n" +
        "-d delete_id             : error id to delete\n" +
        "port options:\n" +
        "-l                       : list frontend ports\n" +
        "-o on|off                : turn frontend ports on or off\n" +
        "-w wwnn                  : set WWNN for one frontend\n" +
        "-W wwpn                  : set WWPN for one frontend\n" +
        "-t port_type             : specify fc, scsi, ioctl, internal frontend type\n" +
        "-p targ_port             : specify target port number\n" +
        "-q                       : omit header in list output\n" +
        "-x                       : output port list in XML format\n" +
        "portlist options:\n" +
        "-f fronetnd              : specify frontend type\n" +
        "-i                       : report target and initiators addresses\n" +
        "-l                       : report LUN mapping\n" +
        "-p targ_port             : specify target port number\n" +
        "-q                       : omit header in list output\n" +
        "-v                       : verbose output (report all port options)\n" +
        "-x                       : output port list in XML format\n" +
        "lunmap options:\n" +
        "-p targ_port             : specify target port number\n" +
        "-L pLUN                  : specify port-visible LUN\n" +
        "-L cLUN                  : specify CTL LUN\n";
}
