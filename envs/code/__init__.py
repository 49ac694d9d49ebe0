"""Code environments: program reasoning and synthesis, checked in the sandbox."""

CATALOG: dict[str, str] = {
    "code/bug-fix-v1": "palaestra.envs.code.bug_fix:BugFix",
    "code/complexity-v1": "palaestra.envs.code.complexity:Complexity",
    "code/cpp-output-prediction-v1": "palaestra.envs.code.cpp_output_prediction:CppOutputPrediction",  # noqa: E501
    "code/cpp-synthesis-v1": "palaestra.envs.code.cpp_synthesis:CppSynthesis",
    "code/distinguishing-input-v1": "palaestra.envs.code.distinguishing_input:DistinguishingInput",
    "code/exception-prediction-v1": "palaestra.envs.code.exception_prediction:ExceptionPrediction",
    "code/execution-count-v1": "palaestra.envs.code.execution_count:ExecutionCount",
    "code/infill-v1": "palaestra.envs.code.infill:Infill",
    "code/input-prediction-v1": "palaestra.envs.code.input_prediction:InputPrediction",
    "code/js-output-prediction-v1": "palaestra.envs.code.js_output_prediction:JsOutputPrediction",
    "code/js-synthesis-v1": "palaestra.envs.code.js_synthesis:JsSynthesis",
    "code/mutation-tests-v1": "palaestra.envs.code.mutation_tests:MutationTests",
    "code/output-prediction-v1": "palaestra.envs.code.output_prediction:OutputPrediction",
    "code/regex-synthesis-v1": "palaestra.envs.code.regex_synthesis:RegexSynthesis",
    "code/stdio-synthesis-v1": "palaestra.envs.code.stdio_synthesis:StdioSynthesis",
    "code/synthesis-dp-v1": "palaestra.envs.code.synthesis_dp:SynthesisDp",
    "code/synthesis-graph-v1": "palaestra.envs.code.synthesis_graph:SynthesisGraph",
    "code/synthesis-interval-v1": "palaestra.envs.code.synthesis_interval:SynthesisInterval",
    "code/synthesis-list-v1": "palaestra.envs.code.synthesis_list:SynthesisList",
    "code/synthesis-number-v1": "palaestra.envs.code.synthesis_number:SynthesisNumber",
    "code/synthesis-string-v1": "palaestra.envs.code.synthesis_string:SynthesisString",
}
