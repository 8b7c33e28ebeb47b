/* libyaml's own parse time for the YAML benchmark (Benchmarks/bench.sh):
 * parses every file named on the command line to events, builds nothing.
 * dudao's YAML path is measured against this (issue 7 §2: within 3x). */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv) {
  long events = 0;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) { perror(argv[i]); return 2; }
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, f);
    yaml_event_t e;
    int done = 0;
    while (!done) {
      if (!yaml_parser_parse(&p, &e)) { fprintf(stderr, "%s: parse error\n", argv[i]); return 2; }
      done = e.type == YAML_STREAM_END_EVENT;
      yaml_event_delete(&e);
      events++;
    }
    yaml_parser_delete(&p);
    fclose(f);
  }
  printf("%ld events\n", events);
  return 0;
}
