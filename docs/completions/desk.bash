#!/bin/bash

__desk_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__desk_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__desk_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__desk_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_desk() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(-h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __desk_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|search|sla|report|open|reply|note|phone|pending|resolve|close|reopen|escalate|deescalate|set|take|give|unassign|merge|link|macro|kb|needs|quarantine|attachment|help)
        # Offer subcommand argument completions
        "_desk_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show search sla report open reply note phone pending resolve close reopen escalate deescalate set take give unassign merge link macro kb needs quarantine attachment help' -- "${cur}"))
        ;;
    esac
}

_desk_list() {
    repeating_flags=()
    non_repeating_flags=(--mine --unassigned --breaching --json --ids -h --help)
    repeating_options=(--status)
    non_repeating_options=(--amqp-url --agent --timeout --config --level --school --schultraeger --network --category --priority --assignee --tag --opened-from --opened-until --sort --limit --offset)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--status')
        return
        ;;
    '--level')
        return
        ;;
    '--school')
        return
        ;;
    '--schultraeger')
        return
        ;;
    '--network')
        return
        ;;
    '--category')
        __desk_add_completions -W 'hardware'$'\n''network'$'\n''learning-platform'$'\n''accounts'$'\n''software'$'\n''devices'$'\n''data-protection'$'\n''other'
        return
        ;;
    '--priority')
        __desk_add_completions -W 'low'$'\n''normal'$'\n''high'$'\n''critical'
        return
        ;;
    '--assignee')
        return
        ;;
    '--tag')
        return
        ;;
    '--opened-from')
        return
        ;;
    '--opened-until')
        return
        ;;
    '--sort')
        __desk_add_completions -W 'newest'$'\n''oldest'$'\n''priority'
        return
        ;;
    '--limit')
        return
        ;;
    '--offset')
        return
        ;;
    esac
}

_desk_show() {
    repeating_flags=()
    non_repeating_flags=(--history --json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config)
    __desk_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    esac
}

_desk_search() {
    repeating_flags=()
    non_repeating_flags=(--mine --unassigned --json --ids -h --help)
    repeating_options=(--status)
    non_repeating_options=(--amqp-url --agent --timeout --config --level --school --schultraeger --network --category --priority --assignee --tag --opened-from --opened-until --sort --limit --offset)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--status')
        return
        ;;
    '--level')
        return
        ;;
    '--school')
        return
        ;;
    '--schultraeger')
        return
        ;;
    '--network')
        return
        ;;
    '--category')
        __desk_add_completions -W 'hardware'$'\n''network'$'\n''learning-platform'$'\n''accounts'$'\n''software'$'\n''devices'$'\n''data-protection'$'\n''other'
        return
        ;;
    '--priority')
        __desk_add_completions -W 'low'$'\n''normal'$'\n''high'$'\n''critical'
        return
        ;;
    '--assignee')
        return
        ;;
    '--tag')
        return
        ;;
    '--opened-from')
        return
        ;;
    '--opened-until')
        return
        ;;
    '--sort')
        __desk_add_completions -W 'newest'$'\n''oldest'$'\n''priority'
        return
        ;;
    '--limit')
        return
        ;;
    '--offset')
        return
        ;;
    esac
}

_desk_sla() {
    repeating_flags=()
    non_repeating_flags=(--json --ids -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    esac
}

_desk_report() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --network --from --until)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--network')
        return
        ;;
    '--from')
        return
        ;;
    '--until')
        return
        ;;
    esac
}

_desk_open() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --school --title --category --priority --requester -m --message -F --file)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--school')
        return
        ;;
    '--title')
        return
        ;;
    '--category')
        __desk_add_completions -W 'hardware'$'\n''network'$'\n''learning-platform'$'\n''accounts'$'\n''software'$'\n''devices'$'\n''data-protection'$'\n''other'
        return
        ;;
    '--priority')
        __desk_add_completions -W 'low'$'\n''normal'$'\n''high'$'\n''critical'
        return
        ;;
    '--requester')
        return
        ;;
    '-m'|'--message')
        return
        ;;
    '-F'|'--file')
        return
        ;;
    esac
}

_desk_reply() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config -m --message -F --file)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '-m'|'--message')
        return
        ;;
    '-F'|'--file')
        return
        ;;
    esac
}

_desk_note() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config -m --message -F --file)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '-m'|'--message')
        return
        ;;
    '-F'|'--file')
        return
        ;;
    esac
}

_desk_phone() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config -m --message -F --file)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '-m'|'--message')
        return
        ;;
    '-F'|'--file')
        return
        ;;
    esac
}

_desk_pending() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config -m --message)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '-m'|'--message')
        return
        ;;
    esac
}

_desk_resolve() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config -m --message -F --file)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '-m'|'--message')
        return
        ;;
    '-F'|'--file')
        return
        ;;
    esac
}

_desk_close() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    esac
}

_desk_reopen() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config -m --message)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '-m'|'--message')
        return
        ;;
    esac
}

_desk_escalate() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --reason)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_desk_deescalate() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --reason)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_desk_set() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=(--tag --untag)
    non_repeating_options=(--amqp-url --agent --timeout --config --priority --category)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--priority')
        __desk_add_completions -W 'low'$'\n''normal'$'\n''high'$'\n''critical'
        return
        ;;
    '--category')
        __desk_add_completions -W 'hardware'$'\n''network'$'\n''learning-platform'$'\n''accounts'$'\n''software'$'\n''devices'$'\n''data-protection'$'\n''other'
        return
        ;;
    '--tag')
        return
        ;;
    '--untag')
        return
        ;;
    esac
}

_desk_take() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    esac
}

_desk_give() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --to)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--to')
        return
        ;;
    esac
}

_desk_unassign() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    esac
}

_desk_merge() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --into)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--into')
        return
        ;;
    esac
}

_desk_link() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --to)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--to')
        return
        ;;
    esac
}

_desk_macro() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __desk_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|new|apply)
        # Offer subcommand argument completions
        "_desk_macro_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show new apply' -- "${cur}"))
        ;;
    esac
}

_desk_macro_list() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --network)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--network')
        return
        ;;
    esac
}

_desk_macro_show() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config)
    __desk_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    esac
}

_desk_macro_new() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --title --network --replace -m --message -F --file)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--title')
        return
        ;;
    '--network')
        return
        ;;
    '--replace')
        return
        ;;
    '-m'|'--message')
        return
        ;;
    '-F'|'--file')
        return
        ;;
    esac
}

_desk_macro_apply() {
    repeating_flags=()
    non_repeating_flags=(--note --json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    esac
}

_desk_kb() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __desk_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    search|show|new|from-ticket)
        # Offer subcommand argument completions
        "_desk_kb_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'search show new from-ticket' -- "${cur}"))
        ;;
    esac
}

_desk_kb_search() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --network --limit)
    __desk_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--network')
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_desk_kb_show() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config)
    __desk_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    esac
}

_desk_kb_new() {
    repeating_flags=()
    non_repeating_flags=(--public --json -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--amqp-url --agent --timeout --config --title --network -m --message -F --file)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--title')
        return
        ;;
    '--network')
        return
        ;;
    '--tag')
        return
        ;;
    '-m'|'--message')
        return
        ;;
    '-F'|'--file')
        return
        ;;
    esac
}

_desk_kb_from-ticket() {
    repeating_flags=()
    non_repeating_flags=(--public --json -h --help)
    repeating_options=(--tag)
    non_repeating_options=(--amqp-url --agent --timeout --config --title)
    __desk_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--title')
        return
        ;;
    '--tag')
        return
        ;;
    esac
}

_desk_needs() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __desk_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    surveys|open|close|record|report)
        # Offer subcommand argument completions
        "_desk_needs_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'surveys open close record report' -- "${cur}"))
        ;;
    esac
}

_desk_needs_surveys() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --network)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--network')
        return
        ;;
    esac
}

_desk_needs_open() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=(--area)
    non_repeating_options=(--amqp-url --agent --timeout --config --network --year)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--network')
        return
        ;;
    '--year')
        return
        ;;
    '--area')
        __desk_add_completions -W 'hardware'$'\n''network'$'\n''learning-platform'$'\n''accounts'$'\n''software'$'\n''devices'$'\n''data-protection'$'\n''training'$'\n''other'
        return
        ;;
    esac
}

_desk_needs_close() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --network --year)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--network')
        return
        ;;
    '--year')
        return
        ;;
    esac
}

_desk_needs_record() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --school --area --urgency --note --year)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--school')
        return
        ;;
    '--area')
        __desk_add_completions -W 'hardware'$'\n''network'$'\n''learning-platform'$'\n''accounts'$'\n''software'$'\n''devices'$'\n''data-protection'$'\n''training'$'\n''other'
        return
        ;;
    '--urgency')
        __desk_add_completions -W 'low'$'\n''medium'$'\n''high'
        return
        ;;
    '--note')
        return
        ;;
    '--year')
        return
        ;;
    esac
}

_desk_needs_report() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --network --schultraeger --school --year)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--network')
        return
        ;;
    '--schultraeger')
        return
        ;;
    '--school')
        return
        ;;
    '--year')
        return
        ;;
    esac
}

_desk_quarantine() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __desk_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|accept|reject)
        # Offer subcommand argument completions
        "_desk_quarantine_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show accept reject' -- "${cur}"))
        ;;
    esac
}

_desk_quarantine_list() {
    repeating_flags=()
    non_repeating_flags=(--all --json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --limit)
    __desk_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_desk_quarantine_show() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config)
    __desk_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    esac
}

_desk_quarantine_accept() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --school --ticket)
    __desk_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--school')
        return
        ;;
    '--ticket')
        return
        ;;
    esac
}

_desk_quarantine_reject() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --answer)
    __desk_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--answer')
        return
        ;;
    esac
}

_desk_attachment() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __desk_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    get)
        # Offer subcommand argument completions
        "_desk_attachment_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'get' -- "${cur}"))
        ;;
    esac
}

_desk_attachment_get() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--amqp-url --agent --timeout --config --output -o)
    __desk_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--amqp-url')
        return
        ;;
    '--agent')
        return
        ;;
    '--timeout')
        return
        ;;
    '--config')
        return
        ;;
    '--output'|'-o')
        return
        ;;
    esac
}

_desk_help() {
    :
}

complete -o filenames -F _desk desk
