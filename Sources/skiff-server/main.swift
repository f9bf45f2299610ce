import Glibc
import SkiffServer

exit(Launch.main(arguments: Array(CommandLine.arguments.dropFirst())))
