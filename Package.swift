// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "dudao",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "dudao", targets: ["dudao"]),
    .library(name: "DudaoEngine", targets: ["DudaoEngine"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CYAML", pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
    .target(name: "DudaoDiagnostics"),
    .target(name: "DudaoYAML", dependencies: ["CYAML", "DudaoDiagnostics"]),
    .target(name: "DudaoCalendar", dependencies: ["DudaoDiagnostics", "DudaoYAML"]),
    .target(name: "DudaoExpr", dependencies: ["DudaoDiagnostics"]),
    .target(
      name: "DudaoRules",
      dependencies: [
        "DudaoDiagnostics", "DudaoYAML", "DudaoExpr", "DudaoCalendar",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .target(name: "DudaoEngine", dependencies: ["DudaoDiagnostics", "DudaoYAML", "DudaoExpr", "DudaoCalendar", "DudaoRules"]),
    .target(name: "DudaoReport", dependencies: ["DudaoDiagnostics", "DudaoEngine", "DudaoRules"]),
    .target(
      name: "DudaoLedger",
      dependencies: [
        "DudaoDiagnostics", "DudaoEngine",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]),
    .target(
      name: "DudaoSample",
      dependencies: [
        "DudaoDiagnostics", "DudaoYAML", "DudaoExpr", "DudaoRules", "DudaoEngine",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .executableTarget(
      name: "dudao",
      dependencies: [
        "DudaoEngine", "DudaoReport", "DudaoRules", "DudaoYAML", "DudaoExpr", "DudaoCalendar", "DudaoLedger", "DudaoSample",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Fuzz targets (docs/fuzzing.md): libFuzzer under scripts/fuzz.sh, corpus replayers otherwise.
    .target(name: "FuzzSupport"),
    // What the test suites share (running the built command).
    .target(name: "DudaoTestSupport"),
    .executableTarget(name: "FuzzYAML", dependencies: ["DudaoYAML", "FuzzSupport"]),
    .executableTarget(name: "FuzzJSON", dependencies: ["DudaoEngine", "DudaoRules", "DudaoYAML", "FuzzSupport"]),
    .executableTarget(name: "FuzzCSV", dependencies: ["DudaoEngine", "DudaoRules", "FuzzSupport"]),
    .executableTarget(name: "FuzzExpr", dependencies: ["DudaoExpr", "DudaoDiagnostics", "FuzzSupport"]),
    .executableTarget(name: "FuzzPack", dependencies: ["DudaoEngine", "DudaoRules", "FuzzSupport"]),
    .executableTarget(name: "FuzzStream", dependencies: ["DudaoEngine", "DudaoReport", "DudaoRules", "DudaoDiagnostics", "FuzzSupport"]),
    .testTarget(name: "DudaoYAMLTests", dependencies: ["DudaoYAML", "DudaoTestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "DudaoExprTests", dependencies: ["DudaoExpr", "DudaoTestSupport"]),
    .testTarget(name: "DudaoCalendarTests", dependencies: ["DudaoCalendar", "DudaoYAML", "DudaoTestSupport"]),
    .testTarget(
      name: "DudaoEngineTests", dependencies: ["DudaoEngine", "DudaoRules", "DudaoReport", "DudaoYAML", "DudaoExpr", "DudaoTestSupport"],
      exclude: ["Goldens"]),
    .testTarget(name: "DudaoCLITests", dependencies: ["DudaoEngine", "DudaoTestSupport"]),
    .testTarget(
      name: "DudaoLedgerTests",
      dependencies: [
        "DudaoLedger", "DudaoEngine", "DudaoRules", "DudaoDiagnostics", "DudaoTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(
      name: "DudaoSampleTests",
      dependencies: [
        "DudaoSample", "DudaoDiagnostics", "DudaoYAML", "DudaoExpr", "DudaoEngine", "DudaoRules", "DudaoLedger", "DudaoTestSupport",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
  ],
  swiftLanguageModes: [.v6]
)
