using System.Buffers.Binary;
using System.Text;
using SanSim.Iscsi;
using SanSim.Target;

namespace SanSim.Tests.Iscsi;

/// <summary>The target side of an iSCSI connection over loopback TCP against a CTL target: login, commands, data, NOP, TMF, logout.</summary>
public class IscsiConnectionTests
{
    private static (LoopbackPortal Portal, DirectBackend Backend) Portal(IscsiPortalSettings? settings = null)
    {
        var backend = new DirectBackend(DirectBackend.OneLunTarget());
        return (new LoopbackPortal(backend, settings), backend);
    }

    private static string Keys(Pdu pdu) => Encoding.UTF8.GetString(pdu.Data.Span).Replace('\0', '\n');

    private static TestInitiator LoggedIn(LoopbackPortal portal, string extraKeys = "")
    {
        var ini = new TestInitiator(portal.Endpoint);
        var response = ini.Login(DirectBackend.TargetName, extraKeys);
        Assert.That(response.Bhs[36], Is.Zero, "login status class");
        ini.TestUnitReadyClearingAttentions();
        return ini;
    }

    [Test]
    public void Login_WithAuthMethodNone_EntersFullFeaturePhase_AndRegistersCtlsInitiatorName()
    {
        var (portal, backend) = Portal();
        using (portal)
        using (var ini = new TestInitiator(portal.Endpoint))
        {
            var response = ini.Login(DirectBackend.TargetName);

            Assert.That(response.Opcode, Is.EqualTo(IscsiOpcode.LoginResponse));
            Assert.That(response.Bhs[36], Is.Zero);
            Assert.That(response.Flags, Is.EqualTo(0x80 | (1 << 2) | 3), "T, CSG operational, NSG full feature");
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(response.Bhs.AsSpan(14)), Is.EqualTo(0xbadd));
            Assert.That(Keys(response), Does.Contain("MaxRecvDataSegmentLength=262144\n"));
            var ok = ini.TestUnitReadyClearingAttentions();
            Assert.That(ok.Status, Is.Zero);
            Assert.That(backend.Target.Ports[1].Initiators.Values.Select(i => i.Name),
                Is.EqualTo(new[] { "iqn.2025-01.org.sansim:test-initiator,i,0x00023d000001" }));
        }
    }

    [Test]
    public void FirstCommandOfANewInitiator_GetsPowerOnUnitAttention_2901()
    {
        var (portal, _) = Portal();
        using (portal)
        using (var ini = new TestInitiator(portal.Endpoint))
        {
            ini.Login(DirectBackend.TargetName);
            var r = ini.Run(new byte[6], 0, read: false);
            Assert.That(r.Status, Is.EqualTo(2));
            Assert.That(new[] { r.Sense[2] & 0x0F, r.Sense[12], r.Sense[13] }, Is.EqualTo(new[] { 6, 0x29, 0x01 }));
        }
    }

    [TestCase("InitiatorName=iqn.2025-01.org.sansim:x\nTargetName=iqn.2025-01.org.sansim:none\n", 0x03)]
    [TestCase("TargetName=iqn.2025-01.org.sansim:t\n", 0x07)]
    [TestCase("InitiatorName=iqn.2025-01.org.sansim:x\n", 0x07)]
    [TestCase("InitiatorName=not-an-iscsi-name\nTargetName=iqn.2025-01.org.sansim:t\n", 0x00)]
    public void BadFirstLogin_FailsWithInitiatorErrorStatus_AndClosesTheConnection(string keys, int detail)
    {
        var (portal, _) = Portal();
        using (portal)
        using (var ini = new TestInitiator(portal.Endpoint))
        {
            ini.Send(ini.LoginRequest(keys));
            var response = ini.Receive();
            Assert.That(response, Is.Not.Null);
            Assert.That(response!.Bhs[36], Is.EqualTo(0x02));
            Assert.That(response.Bhs[37], Is.EqualTo(detail));
            Assert.That(ini.ClosedByTarget(), Is.True);
        }
    }

    [Test]
    public void OffLinePort_RefusesTheLogin_WithServiceUnavailable()
    {
        var (portal, backend) = Portal();
        backend.Target.Ports[1].Online = false;
        using (portal)
        using (var ini = new TestInitiator(portal.Endpoint))
        {
            var response = ini.Login(DirectBackend.TargetName);
            Assert.That(new[] { response.Bhs[36], response.Bhs[37] }, Is.EqualTo(new byte[] { 0x03, 0x01 }));
        }
    }

    [Test]
    public void ReadCapacity16_ComesBackInOneDataIn_WithPhaseCollapsedStatus()
    {
        var (portal, _) = Portal();
        using (portal)
        using (var ini = LoggedIn(portal))
        {
            var cdb = new byte[16];
            cdb[0] = 0x9e;
            cdb[1] = 0x10;
            cdb[13] = 32;
            var r = ini.Run(cdb, 32);

            Assert.That(r.Last.Opcode, Is.EqualTo(IscsiOpcode.DataIn));
            Assert.That(r.Last.Flags & 0x81, Is.EqualTo(0x81), "F and S");
            Assert.That(r.Status, Is.Zero);
            Assert.That(BinaryPrimitives.ReadUInt64BigEndian(r.Data), Is.EqualTo(2UL * 1024 * 1024 - 1));
            Assert.That(BinaryPrimitives.ReadUInt32BigEndian(r.Data.AsSpan(8)), Is.EqualTo(512u));
        }
    }

    [Test]
    public void ShortInquiry_ReportsUnderflow_WithTheResidualCount()
    {
        var (portal, _) = Portal();
        using (portal)
        using (var ini = LoggedIn(portal))
        {
            var r = ini.Run([0x12, 0, 0, 0, 255, 0], 255);
            Assert.That(r.Status, Is.Zero);
            Assert.That(r.Last.Flags & 0x02, Is.EqualTo(0x02), "U");
            Assert.That(r.Last.Word44, Is.EqualTo(255u - (uint)r.Data.Length));
        }
    }

    [Test]
    public void Write_WithoutImmediateData_GoesThroughR2TAndDataOut_AndReadsBack()
    {
        var (portal, _) = Portal();
        using (portal)
        using (var ini = LoggedIn(portal, "ImmediateData=No\n"))
        {
            var payload = Enumerable.Range(0, 1024).Select(i => (byte)(i * 13)).ToArray();
            var write = ini.Command([0x2a, 0, 0, 0, 0, 8, 0, 0, 2, 0], 1024, read: false, write: true);
            ini.Send(write);
            var r2t = ini.Receive()!;
            Assert.That(r2t.Opcode, Is.EqualTo(IscsiOpcode.ReadyToTransfer));
            Assert.That(r2t.Word40, Is.Zero, "buffer offset");
            Assert.That(r2t.Word44, Is.EqualTo(1024u), "desired length");
            for (int i = 0; i < 2; i++)
            {
                var dout = new Pdu(IscsiOpcode.DataOut, (byte)(i == 1 ? 0x80 : 0))
                {
                    InitiatorTaskTag = write.InitiatorTaskTag,
                    Word20 = r2t.Word20,
                    Word28 = ini.ExpStatSn,
                    Word36 = (uint)i,
                    Word40 = (uint)(i * 512),
                    Data = payload.AsMemory(i * 512, 512).ToArray(),
                };
                ini.Send(dout);
            }
            var status = ini.Receive()!;
            Assert.That(status.Opcode, Is.EqualTo(IscsiOpcode.ScsiResponse));
            Assert.That(status.Byte3, Is.Zero);

            var read = ini.Run([0x28, 0, 0, 0, 0, 8, 0, 0, 2, 0], 1024);
            Assert.That(read.Data, Is.EqualTo(payload));
        }
    }

    [Test]
    public void DataOutWithAWrongDataSn_FailsTheCommandWithDataPhaseError_AndTheSessionGoesOn()
    {
        var (portal, _) = Portal();
        using (portal)
        using (var ini = LoggedIn(portal, "ImmediateData=No\n"))
        {
            var write = ini.Command([0x2a, 0, 0, 0, 0, 8, 0, 0, 1, 0], 512, read: false, write: true);
            ini.Send(write);
            var r2t = ini.Receive()!;
            ini.Send(new Pdu(IscsiOpcode.DataOut) { InitiatorTaskTag = write.InitiatorTaskTag, Word20 = r2t.Word20, Word36 = 5, Data = new byte[512] });
            var status = ini.Receive()!;
            var sense = status.Data.Span[2..].ToArray();
            Assert.That(status.Byte3, Is.EqualTo(2));
            Assert.That(new[] { sense[2] & 0x0F, sense[12], sense[13] }, Is.EqualTo(new[] { 0x0B, 0x4B, 0x00 }));
            Assert.That(ini.Run(new byte[6], 0, read: false).Status, Is.Zero);
        }
    }

    [Test]
    public void CommandOutsideTheCmdSnWindow_IsIgnored_AndAGapInsideItClosesTheConnection()
    {
        var (portal, _) = Portal();
        using (portal)
        using (var ini = LoggedIn(portal))
        {
            var outside = ini.Command(new byte[6], 0, read: false);
            ini.CmdSn--;
            outside.Word24 = ini.CmdSn + 1000;
            ini.Send(outside);
            var ping = new Pdu(IscsiOpcode.NopOut) { Immediate = true, InitiatorTaskTag = 0x55, Word20 = Pdu.ReservedTag, Word24 = ini.CmdSn };
            ini.Send(ping);
            var answer = ini.Receive()!;
            Assert.That(answer.Opcode, Is.EqualTo(IscsiOpcode.NopIn), "the out-of-window command got no answer");
            Assert.That(answer.InitiatorTaskTag, Is.EqualTo(0x55u));
            Assert.That(answer.Word28, Is.EqualTo(ini.CmdSn), "ExpCmdSN did not move");
            Assert.That(answer.Word32, Is.EqualTo(ini.CmdSn + 255), "MaxCmdSN");

            var gap = ini.Command(new byte[6], 0, read: false);
            ini.CmdSn--;
            gap.Word24 = ini.CmdSn + 1;
            ini.Send(gap);
            Assert.That(ini.ClosedByTarget(), Is.True);
        }
    }

    [Test]
    public void NopOut_IsAnsweredWithItsPingData()
    {
        var (portal, _) = Portal();
        using (portal)
        using (var ini = LoggedIn(portal))
        {
            ini.Send(new Pdu(IscsiOpcode.NopOut) { Immediate = true, InitiatorTaskTag = 9, Word20 = Pdu.ReservedTag, Word24 = ini.CmdSn, Data = "ping"u8.ToArray() });
            var nopIn = ini.Receive()!;
            Assert.That(nopIn.Opcode, Is.EqualTo(IscsiOpcode.NopIn));
            Assert.That(nopIn.Word20, Is.EqualTo(Pdu.ReservedTag));
            Assert.That(nopIn.Data.ToArray(), Is.EqualTo("ping"u8.ToArray()));
        }
    }

    [Test]
    public void LunReset_CompletesAndEstablishesUnitAttention_2900()
    {
        var (portal, _) = Portal();
        using (portal)
        using (var ini = LoggedIn(portal))
        {
            ini.Send(new Pdu(IscsiOpcode.TaskManagementRequest, 0x80 | 5) { Immediate = true, InitiatorTaskTag = 77, Word20 = Pdu.ReservedTag, Word24 = ini.CmdSn });
            var response = ini.Receive()!;
            Assert.That(response.Opcode, Is.EqualTo(IscsiOpcode.TaskManagementResponse));
            Assert.That(response.Byte2, Is.EqualTo((byte)TaskResponse.FunctionComplete));

            var r = ini.Run(new byte[6], 0, read: false);
            Assert.That(new[] { r.Sense[2] & 0x0F, r.Sense[12], r.Sense[13] }, Is.EqualTo(new[] { 6, 0x29, 0x00 }));
        }
    }

    [Test]
    public void AbortTask_OfACompletedCommand_AnswersTaskDoesNotExist()
    {
        var (portal, _) = Portal();
        using (portal)
        using (var ini = LoggedIn(portal))
        {
            ini.Send(new Pdu(IscsiOpcode.TaskManagementRequest, 0x80 | 1) { Immediate = true, InitiatorTaskTag = 78, Word20 = 1, Word24 = ini.CmdSn });
            Assert.That(ini.Receive()!.Byte2, Is.EqualTo((byte)TaskResponse.TaskDoesNotExist));
        }
    }

    [Test]
    public void Logout_EndsTheSession_AndTheInitiatorLeavesThePort()
    {
        var (portal, backend) = Portal();
        using (portal)
        {
            using (var ini = LoggedIn(portal))
            {
                ini.Send(new Pdu(IscsiOpcode.LogoutRequest, 0x80) { Immediate = true, InitiatorTaskTag = 99, Word24 = ini.CmdSn });
                var response = ini.Receive()!;
                Assert.That(response.Opcode, Is.EqualTo(IscsiOpcode.LogoutResponse));
                Assert.That(response.Byte2, Is.Zero);
                Assert.That(ini.ClosedByTarget(), Is.True);
            }
            portal.WaitForConnections();
            Assert.That(backend.Target.Ports[1].Initiators, Is.Empty);
        }
    }

    [Test]
    public void Crc32cDigests_AreNegotiated_AndCheckedBothWays()
    {
        var (portal, _) = Portal();
        using (portal)
        using (var ini = new TestInitiator(portal.Endpoint))
        {
            var response = ini.Login(DirectBackend.TargetName, "HeaderDigest=CRC32C,None\nDataDigest=CRC32C,None\n");
            Assert.That(Keys(response), Does.Contain("HeaderDigest=CRC32C\n").And.Contain("DataDigest=CRC32C\n"));
            ini.HeaderDigest = ini.DataDigest = true;
            var r = ini.TestUnitReadyClearingAttentions();
            Assert.That(r.Status, Is.Zero);
            Assert.That(ini.Run([0x12, 0, 0, 0, 36, 0], 36).Data, Has.Length.EqualTo(36));
        }
    }

    [Test]
    public void SendTargets_InADiscoverySession_ListsEveryTargetWithThePortal()
    {
        var (portal, _) = Portal(new IscsiPortalSettings { PortalAddress = "127.0.0.1:3260" });
        using (portal)
        using (var ini = new TestInitiator(portal.Endpoint))
        {
            ini.Send(ini.LoginRequest("InitiatorName=iqn.2025-01.org.sansim:x\nSessionType=Discovery\n"));
            Assert.That(ini.Receive()!.Bhs[36], Is.Zero);
            ini.Send(new Pdu(IscsiOpcode.TextRequest) { Immediate = true, InitiatorTaskTag = 3, Word20 = Pdu.ReservedTag, Word24 = ini.CmdSn, Data = "SendTargets=All\0"u8.ToArray() });
            var text = ini.Receive()!;
            Assert.That(text.Opcode, Is.EqualTo(IscsiOpcode.TextResponse));
            Assert.That(Keys(text), Is.EqualTo("TargetName=iqn.2025-01.org.sansim:t\nTargetAddress=127.0.0.1:3260,1\n"));
        }
    }

    [Test]
    public void ChapLogin_WithTheRightSecret_Succeeds_AndAWrongOneFails0201()
    {
        var (portal, _) = Portal(new IscsiPortalSettings { Chap = new ChapCredentials("user", "secret-of-12") });
        using (portal)
        {
            foreach (var (secret, statusClass) in new[] { ("secret-of-12", 0), ("wrong-secret", 2) })
            {
                using var ini = new TestInitiator(portal.Endpoint);
                ini.Send(ini.LoginRequest($"InitiatorName={TestInitiator.Iqn}\nTargetName={DirectBackend.TargetName}\nAuthMethod=CHAP,None\n", csg: 0, nsg: 1, transit: false));
                Assert.That(Keys(ini.Receive()!), Does.Contain("AuthMethod=CHAP\n"));
                ini.Send(ini.LoginRequest("CHAP_A=5\n", csg: 0, nsg: 1, transit: false));
                var challenge = TextKeys.Parse(ini.Receive()!.Data.Span, out _)!;
                var chap = new ChapChallenge(byte.Parse(challenge["CHAP_I"]!, System.Globalization.CultureInfo.InvariantCulture), ChapChallenge.DecodeBinary(challenge["CHAP_C"]!)!);
                ini.Send(ini.LoginRequest($"CHAP_N=user\nCHAP_R=0x{Convert.ToHexString(chap.ExpectedResponse(secret))}\n", csg: 0, nsg: 1));
                var answer = ini.Receive()!;
                Assert.That(answer.Bhs[36], Is.EqualTo(statusClass));
                if (statusClass != 0)
                {
                    Assert.That(answer.Bhs[37], Is.EqualTo(0x01));
                    continue;
                }
                var final = ini.Login(DirectBackend.TargetName);
                Assert.That(final.Bhs[36], Is.Zero);
                Assert.That(final.Flags & 0x83, Is.EqualTo(0x83));
            }
        }
    }

    [Test]
    public void OperationalLoginWithoutChap_WhenChapIsRequired_Fails0201()
    {
        var (portal, _) = Portal(new IscsiPortalSettings { Chap = new ChapCredentials("user", "secret-of-12") });
        using (portal)
        using (var ini = new TestInitiator(portal.Endpoint))
        {
            var response = ini.Login(DirectBackend.TargetName);
            Assert.That(new[] { response.Bhs[36], response.Bhs[37] }, Is.EqualTo(new byte[] { 2, 1 }));
        }
    }

    [Test]
    public void UnknownOpcode_ClosesOnlyThatConnection()
    {
        var (portal, _) = Portal();
        using (portal)
        using (var bad = LoggedIn(portal))
        using (var good = LoggedIn(portal))
        {
            var raw = new byte[48];
            raw[0] = 0x1c;
            bad.SendRaw(raw);
            Assert.That(bad.ClosedByTarget(), Is.True);
            Assert.That(good.Run(new byte[6], 0, read: false).Status, Is.Zero);
        }
    }
}
