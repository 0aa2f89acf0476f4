function __desk_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __desk_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __desk_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __desk_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __desk_parse_tokens -S
    set -l unparsed_tokens (__desk_tokens -pc)
    switch $unparsed_tokens[1]
    case 'desk'
        __desk_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'list'
            __desk_parse_subcommand 0 'amqp-url=' 'agent=' 'timeout=' 'config=' 'status=+' 'level=' 'school=' 'schultraeger=' 'network=' 'category=' 'priority=' 'assignee=' 'mine' 'unassigned' 'opened-from=' 'opened-until=' 'sort=' 'limit=' 'offset=' 'breaching' 'json' 'ids' 'h/help'
        case 'show'
            __desk_parse_subcommand 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'history' 'json' 'h/help'
        case 'search'
            __desk_parse_subcommand -r 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'status=+' 'level=' 'school=' 'schultraeger=' 'network=' 'category=' 'priority=' 'assignee=' 'mine' 'unassigned' 'opened-from=' 'opened-until=' 'sort=' 'limit=' 'offset=' 'json' 'ids' 'h/help'
        case 'sla'
            __desk_parse_subcommand 0 'amqp-url=' 'agent=' 'timeout=' 'config=' 'json' 'ids' 'h/help'
        case 'report'
            __desk_parse_subcommand 0 'amqp-url=' 'agent=' 'timeout=' 'config=' 'network=' 'from=' 'until=' 'json' 'h/help'
        case 'open'
            __desk_parse_subcommand 0 'amqp-url=' 'agent=' 'timeout=' 'config=' 'school=' 'title=' 'category=' 'priority=' 'requester=' 'm/message=' 'F/file=' 'json' 'h/help'
        case 'reply'
            __desk_parse_subcommand 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'm/message=' 'F/file=' 'json' 'h/help'
        case 'note'
            __desk_parse_subcommand 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'm/message=' 'F/file=' 'json' 'h/help'
        case 'pending'
            __desk_parse_subcommand 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'm/message=' 'json' 'h/help'
        case 'resolve'
            __desk_parse_subcommand 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'm/message=' 'F/file=' 'json' 'h/help'
        case 'close'
            __desk_parse_subcommand -r 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'json' 'h/help'
        case 'reopen'
            __desk_parse_subcommand 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'm/message=' 'json' 'h/help'
        case 'escalate'
            __desk_parse_subcommand 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'reason=' 'json' 'h/help'
        case 'deescalate'
            __desk_parse_subcommand 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'reason=' 'json' 'h/help'
        case 'take'
            __desk_parse_subcommand -r 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'json' 'h/help'
        case 'give'
            __desk_parse_subcommand -r 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'to=' 'json' 'h/help'
        case 'unassign'
            __desk_parse_subcommand -r 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'json' 'h/help'
        case 'merge'
            __desk_parse_subcommand 2 'amqp-url=' 'agent=' 'timeout=' 'config=' 'json' 'h/help'
        case 'link'
            __desk_parse_subcommand 2 'amqp-url=' 'agent=' 'timeout=' 'config=' 'json' 'h/help'
        case 'kb'
            __desk_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'search'
                __desk_parse_subcommand -r 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'network=' 'limit=' 'json' 'h/help'
            case 'show'
                __desk_parse_subcommand 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'json' 'h/help'
            case 'new'
                __desk_parse_subcommand 0 'amqp-url=' 'agent=' 'timeout=' 'config=' 'title=' 'network=' 'tag=+' 'm/message=' 'F/file=' 'json' 'h/help'
            case 'from-ticket'
                __desk_parse_subcommand 1 'amqp-url=' 'agent=' 'timeout=' 'config=' 'title=' 'tag=+' 'json' 'h/help'
            end
        case 'needs'
            __desk_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'record'
                __desk_parse_subcommand 0 'amqp-url=' 'agent=' 'timeout=' 'config=' 'school=' 'area=' 'urgency=' 'note=' 'json' 'h/help'
            case 'report'
                __desk_parse_subcommand 0 'amqp-url=' 'agent=' 'timeout=' 'config=' 'network=' 'schultraeger=' 'json' 'h/help'
            end
        case 'help'
            __desk_parse_subcommand -r 1 
        end
    end
end

function __desk_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __desk_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __desk_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __desk_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__desk_tokens -p)
    if test -z "$(__desk_tokens -t)"
        set -l index (count (__desk_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'desk' -f
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'list' -d 'List the tickets in your scope, newest first.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'show' -d 'A ticket with its conversation.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'search' -d 'Find tickets by words in titles, descriptions, replies and notes (all words must occur).'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'sla' -d 'Open tickets whose SLA is breached or at risk (80 % used), most urgent first.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'report' -d 'Tickets by network, Schulträger, category and status; SLA compliance and median times.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'open' -d 'Open a ticket for a school, on behalf of its requester.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'reply' -d 'Answer the requester (public: they are told).'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'note' -d 'Add an internal note (never sent to the requester).'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'pending' -d 'Wait on the requester: the SLA clock pauses until they answer or you reopen.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'resolve' -d 'Resolve a ticket with the solution (the requester is told).'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'close' -d 'Close resolved tickets.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'reopen' -d 'Reopen a resolved or closed ticket (within the window).'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'escalate' -d 'Hand a ticket to level 2: the IT group of the school\'s Schulträger.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'deescalate' -d 'Hand a ticket back to level 1.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'take' -d 'Assign tickets to yourself.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'give' -d 'Assign tickets to another agent.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'unassign' -d 'Take tickets off anyone\'s list.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'merge' -d 'Merge a ticket into another of the same school: its text goes along, it is closed as merged.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'link' -d 'Link two related tickets.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'kb' -d 'The knowledge base: articles for self-help and for agents.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'needs' -d 'The survey of support needs (Bedarfserhebung).'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list"' -l 'status' -d 'Status (repeat, or comma-separated): new, open, pending, resolved, closed, merged.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" level' -l 'level' -d 'Level: 1 or 2.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" school' -l 'school' -d 'A school\'s Schulnummer.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" schultraeger' -l 'schultraeger' -d 'A Schulträger\'s id.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" network' -l 'network' -d 'A network\'s id.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" category' -l 'category' -d 'Category.' -rfka 'hardware network learning-platform accounts software devices data-protection other'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" priority' -l 'priority' -d 'Priority.' -rfka 'low normal high critical'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" assignee' -l 'assignee' -d 'An agent\'s id.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" mine' -l 'mine' -d 'Only tickets assigned to you.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" unassigned' -l 'unassigned' -d 'Only tickets nobody has taken.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" opened-from' -l 'opened-from' -d 'Opened on or after this day (yyyy-MM-dd) or time (RFC 3339).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" opened-until' -l 'opened-until' -d 'Opened on or before this day (yyyy-MM-dd) or time (RFC 3339).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" sort' -l 'sort' -d 'Order: newest, oldest or priority.' -rfka 'newest oldest priority'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" limit' -l 'limit' -d 'Tickets per page (1–500).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" offset' -l 'offset' -d 'Tickets to skip (paging).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" breaching' -l 'breaching' -d 'Only tickets whose SLA warning or breach was announced and that are still open.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" ids' -l 'ids' -d 'Print only the ids, one per line (for \'| desk take -\').'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk show" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk show" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk show" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk show" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk show" history' -l 'history' -d 'Every change: assignments, status steps, escalations, with who and when.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk show" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search"' -l 'status' -d 'Status (repeat, or comma-separated): new, open, pending, resolved, closed, merged.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" level' -l 'level' -d 'Level: 1 or 2.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" school' -l 'school' -d 'A school\'s Schulnummer.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" schultraeger' -l 'schultraeger' -d 'A Schulträger\'s id.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" network' -l 'network' -d 'A network\'s id.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" category' -l 'category' -d 'Category.' -rfka 'hardware network learning-platform accounts software devices data-protection other'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" priority' -l 'priority' -d 'Priority.' -rfka 'low normal high critical'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" assignee' -l 'assignee' -d 'An agent\'s id.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" mine' -l 'mine' -d 'Only tickets assigned to you.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" unassigned' -l 'unassigned' -d 'Only tickets nobody has taken.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" opened-from' -l 'opened-from' -d 'Opened on or after this day (yyyy-MM-dd) or time (RFC 3339).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" opened-until' -l 'opened-until' -d 'Opened on or before this day (yyyy-MM-dd) or time (RFC 3339).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" sort' -l 'sort' -d 'Order: newest, oldest or priority.' -rfka 'newest oldest priority'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" limit' -l 'limit' -d 'Tickets per page (1–500).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" offset' -l 'offset' -d 'Tickets to skip (paging).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" ids' -l 'ids' -d 'Print only the ids, one per line (for \'| desk take -\').'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk search" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk sla" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk sla" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk sla" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk sla" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk sla" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk sla" ids' -l 'ids' -d 'Print only the ids, one per line (for \'| desk take -\').'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk sla" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk report" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk report" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk report" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk report" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk report" network' -l 'network' -d 'One network\'s id.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk report" from' -l 'from' -d 'Tickets opened on or after this day (yyyy-MM-dd).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk report" until' -l 'until' -d 'Tickets opened on or before this day (yyyy-MM-dd).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk report" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" school' -l 'school' -d 'The school\'s Schulnummer.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" title' -l 'title' -d 'A short title.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" category' -l 'category' -d 'Category.' -rfka 'hardware network learning-platform accounts software devices data-protection other'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" priority' -l 'priority' -d 'Priority.' -rfka 'low normal high critical'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" requester' -l 'requester' -d 'Who asks: \'Name <email>\'.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" m message' -s 'm' -l 'message' -d 'The text.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" F file' -s 'F' -l 'file' -d 'Read the text from a file (\'-\': standard input).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk open" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reply" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reply" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reply" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reply" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reply" m message' -s 'm' -l 'message' -d 'The text.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reply" F file' -s 'F' -l 'file' -d 'Read the text from a file (\'-\': standard input).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reply" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reply" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk note" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk note" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk note" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk note" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk note" m message' -s 'm' -l 'message' -d 'The text.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk note" F file' -s 'F' -l 'file' -d 'Read the text from a file (\'-\': standard input).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk note" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk note" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk pending" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk pending" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk pending" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk pending" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk pending" m message' -s 'm' -l 'message' -d 'What you need from the requester (public).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk pending" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk pending" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk resolve" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk resolve" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk resolve" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk resolve" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk resolve" m message' -s 'm' -l 'message' -d 'The text.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk resolve" F file' -s 'F' -l 'file' -d 'Read the text from a file (\'-\': standard input).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk resolve" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk resolve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk close" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk close" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk close" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk close" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk close" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk close" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reopen" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reopen" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reopen" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reopen" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reopen" m message' -s 'm' -l 'message' -d 'Why.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reopen" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk reopen" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk escalate" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk escalate" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk escalate" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk escalate" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk escalate" reason' -l 'reason' -d 'Why level 2 must take it (required).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk escalate" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk escalate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk deescalate" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk deescalate" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk deescalate" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk deescalate" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk deescalate" reason' -l 'reason' -d 'Why.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk deescalate" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk deescalate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk take" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk take" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk take" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk take" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk take" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk take" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk give" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk give" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk give" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk give" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk give" to' -l 'to' -d 'The agent\'s id.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk give" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk give" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk unassign" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk unassign" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk unassign" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk unassign" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk unassign" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk unassign" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk merge" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk merge" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk merge" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk merge" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk merge" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk merge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk link" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk link" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk link" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk link" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk link" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk link" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk kb" -eq 1' -fa 'search' -d 'Find articles by words, best match first.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk kb" -eq 1' -fa 'show' -d 'An article.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk kb" -eq 1' -fa 'new' -d 'Write an article; the text comes from -m, -F, standard input or the editor.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk kb" -eq 1' -fa 'from-ticket' -d 'Turn a solved ticket into an article: its description and solution, unless you give them.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb search" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb search" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb search" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb search" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb search" network' -l 'network' -d 'Only one network\'s articles (and those for every network).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb search" limit' -l 'limit' -d 'How many (1–100).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb search" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb search" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb show" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb show" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb show" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb show" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb show" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb new" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb new" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb new" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb new" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb new" title' -l 'title' -d 'The title.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb new" network' -l 'network' -d 'The network it is for (coordinators and admins may leave it out: every network).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb new"' -l 'tag' -d 'A tag (repeat).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb new" m message' -s 'm' -l 'message' -d 'The text.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb new" F file' -s 'F' -l 'file' -d 'Read the text from a file (\'-\': standard input).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb new" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb new" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb from-ticket" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb from-ticket" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb from-ticket" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb from-ticket" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb from-ticket" title' -l 'title' -d 'A title other than the ticket\'s.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb from-ticket"' -l 'tag' -d 'A tag (repeat).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb from-ticket" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk kb from-ticket" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk needs" -eq 1' -fa 'record' -d 'Record a school\'s need in one area (the latest answer per area counts).'
complete -c 'desk' -n '__desk_should_offer_completions_for_positional "desk needs" -eq 1' -fa 'report' -d 'Schools per network, Schulträger, area and urgency, within your networks.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs record" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs record" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs record" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs record" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs record" school' -l 'school' -d 'The school\'s Schulnummer.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs record" area' -l 'area' -d 'The area.' -rfka 'hardware network learning-platform accounts software devices data-protection training other'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs record" urgency' -l 'urgency' -d 'low, medium or high.' -rfka 'low medium high'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs record" note' -l 'note' -d 'A note.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs record" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs record" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs report" amqp-url' -l 'amqp-url' -d 'Broker URI (default: $RBN_AMQP_URL, then amqp_url in the config file, then amqp://127.0.0.1:5672).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs report" agent' -l 'agent' -d 'Your agent id, which is your broker user (default: $DESK_AGENT, then agent in the config file).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs report" timeout' -l 'timeout' -d 'Seconds to wait for the support desk\'s answer (default 10).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs report" config' -l 'config' -d 'The config file (default: ~/.config/rbn/desk.toml).' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs report" network' -l 'network' -d 'One network\'s id.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs report" schultraeger' -l 'schultraeger' -d 'One Schulträger\'s id.' -rfka ''
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs report" json' -l 'json' -d 'Print the support desk\'s answer as JSON, for scripts.'
complete -c 'desk' -n '__desk_should_offer_completions_for_flags_or_options "desk needs report" h help' -s 'h' -l 'help' -d 'Show help information.'
