#if !FUZZING
  import FuzzSupport
  /// Outside libFuzzer (a normal `swift build`): replays the files and folders given as arguments.
  @main struct Replay { static func main() { FuzzSupport.main(fuzz) } }
#endif
