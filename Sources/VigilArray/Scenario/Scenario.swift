/// A whole array as a scenario file describes it, with names still unresolved. `ScenarioLoader`
/// builds one from TOML and checks every reference; tests may also build one in code.
public struct Scenario: Sendable {
    public struct RAIDGroupSpec: Sendable {
        public var name: String
        public var layout: RAIDLayout
        public var diskType: DiskType
        public var diskSize: Int64
        public var readMBps: Double?
        public var writeMBps: Double?
        public init(name: String, layout: RAIDLayout, diskType: DiskType, diskSize: Int64,
                    readMBps: Double? = nil, writeMBps: Double? = nil) {
            self.name = name; self.layout = layout; self.diskType = diskType; self.diskSize = diskSize
            self.readMBps = readMBps; self.writeMBps = writeMBps
        }
    }
    public struct VolumeSpec: Sendable {
        public var name: String
        public var raidGroup: String
        public var capacity: Int64
        public var group: String
        public var granule: Int64?
        public var readMBps: Double?
        public var writeMBps: Double?
        public init(name: String, raidGroup: String, capacity: Int64, group: String, granule: Int64? = nil,
                    readMBps: Double? = nil, writeMBps: Double? = nil) {
            self.name = name; self.raidGroup = raidGroup; self.capacity = capacity; self.group = group
            self.granule = granule; self.readMBps = readMBps; self.writeMBps = writeMBps
        }
    }
    public struct GroupSpec: Sendable, Codable, Equatable {
        public var name: String
        public var objectives: RecoveryObjectives
        public var mirror: Bool
        public var retention: RetentionPolicy
        public var deltaTier: String?
        public var fullTier: String?
        public var switchSeconds: Double
        /// A remote backup array's ID: the group's backups go there (second embodiment).
        public var destination: String?
        public init(name: String, objectives: RecoveryObjectives, mirror: Bool = true, retention: RetentionPolicy = .merge,
                    deltaTier: String? = nil, fullTier: String? = nil, switchSeconds: Double = 0, destination: String? = nil) {
            self.name = name; self.objectives = objectives; self.mirror = mirror; self.retention = retention
            self.deltaTier = deltaTier; self.fullTier = fullTier; self.switchSeconds = switchSeconds
            self.destination = destination
        }
    }
    public struct TierSpec: Sendable {
        public var name: String
        public var raidGroups: [String]
        public init(name: String, raidGroups: [String]) { self.name = name; self.raidGroups = raidGroups }
    }
    public struct WorkloadSpec: Sendable {
        public var volume: String
        public var bytesPerSecond: Double
        public var ioSize: Int64
        public var pattern: WritePattern
        public var dailyCurve: [Double]
        public init(volume: String, bytesPerSecond: Double, ioSize: Int64 = 8_192, pattern: WritePattern = .uniform,
                    dailyCurve: [Double] = []) {
            self.volume = volume; self.bytesPerSecond = bytesPerSecond; self.ioSize = ioSize
            self.pattern = pattern; self.dailyCurve = dailyCurve
        }
    }
    /// Something that happens at a set moment of the run (an operator or a disk does it).
    public struct ScriptedEvent: Sendable, Codable, Equatable {
        public enum Action: Sendable, Codable, Equatable {
            case degrade(raidGroup: String)
            case repair(raidGroup: String)
            case backup(volume: String)
            case restore(volume: String, generation: Int, target: String?)
            case line(remote: String, line: Int, up: Bool)
        }
        /// Seconds after the start.
        public var at: Int64
        public var action: Action
        public init(at: Int64, action: Action) { self.at = at; self.action = action }
    }

    /// A remote backup array as a scenario describes it.
    public struct RemoteSpec: Sendable {
        public var id: String
        public var canCopy: Bool
        public var raidGroups: [RAIDGroupSpec]
        public var lines: [TransferLine]
        public init(id: String, canCopy: Bool, raidGroups: [RAIDGroupSpec], lines: [TransferLine]) {
            self.id = id; self.canCopy = canCopy; self.raidGroups = raidGroups; self.lines = lines
        }
    }
    public var remotes: [RemoteSpec] = []

    /// File groups (third embodiment): objectives per group, and the file list naming their files.
    public var fileGroups: [GroupSpec] = []
    public var fileList: [FileEntry] = []
    /// Where the file list came from, for error messages.
    public var fileListSource = "file list"

    public var name: String
    public var seed: UInt64
    public var start: SimTime
    /// Workload step in seconds.
    public var tick: Int64
    public var granule: Int64
    public var diskFigures: [DiskType: DiskFigures]
    public var raidGroups: [RAIDGroupSpec]
    public var volumes: [VolumeSpec]
    public var groups: [GroupSpec]
    public var poolName: String
    public var tiers: [TierSpec]
    public var spares: [String]
    public var workloads: [WorkloadSpec]
    public var events: [ScriptedEvent]

    public init(name: String, seed: UInt64 = 1, start: SimTime = SimTime(1_795_219_200), tick: Int64 = 60,
                granule: Int64 = 65_536, diskFigures: [DiskType: DiskFigures] = [:], raidGroups: [RAIDGroupSpec],
                volumes: [VolumeSpec], groups: [GroupSpec], poolName: String = "pool", tiers: [TierSpec],
                spares: [String] = [], workloads: [WorkloadSpec] = [], events: [ScriptedEvent] = []) {
        self.name = name; self.seed = seed; self.start = start; self.tick = tick; self.granule = granule
        self.diskFigures = diskFigures; self.raidGroups = raidGroups; self.volumes = volumes; self.groups = groups
        self.poolName = poolName; self.tiers = tiers; self.spares = spares; self.workloads = workloads
        self.events = events
    }
}
